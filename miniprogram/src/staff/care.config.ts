export default definePageConfig({ navigationBarTitleText: '术后须知与宣教' });
