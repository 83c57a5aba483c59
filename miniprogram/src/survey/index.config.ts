export default definePageConfig({ navigationBarTitleText: '就诊评价' });
