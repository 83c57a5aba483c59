export default definePageConfig({ navigationBarTitleText: '合并档案' });
