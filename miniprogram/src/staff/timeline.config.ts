export default definePageConfig({ navigationBarTitleText: '患者时间线' });
