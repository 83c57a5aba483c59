export default definePageConfig({ navigationBarTitleText: '满意度月报' });
