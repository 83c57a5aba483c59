export default definePageConfig({ navigationBarTitleText: '到院签到' });
