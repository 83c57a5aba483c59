export default definePageConfig({ navigationBarTitleText: '候诊叫号' });
