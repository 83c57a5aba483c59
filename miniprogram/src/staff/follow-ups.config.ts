export default definePageConfig({ navigationBarTitleText: '今日回访' });
