export default definePageConfig({ navigationBarTitleText: '市场工作台' });
