export default definePageConfig({ navigationBarTitleText: '员工绑定' });
