export default definePageConfig({ navigationBarTitleText: '向医院提问' });
