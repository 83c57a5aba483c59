export default definePageConfig({ navigationBarTitleText: '本地收件箱' });
