export default definePageConfig({ navigationBarTitleText: '完成就诊' });
