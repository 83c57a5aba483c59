export default definePageConfig({ navigationBarTitleText: '前台签到' });
