export default definePageConfig({ navigationBarTitleText: '录入新患者' });
