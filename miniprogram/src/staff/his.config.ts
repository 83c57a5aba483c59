export default definePageConfig({ navigationBarTitleText: 'HIS 对接记录' });
