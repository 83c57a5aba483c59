export default defineAppConfig({
  pages: ['pages/index/index', 'pages/login/index', 'pages/patients/index', 'pages/patient-form/index'],
  // Staff pages live in a subpackage so patients never download them.
  subPackages: [{ root: 'staff', pages: ['index', 'lead'] }],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#0f766e',
    navigationBarTitleText: 'PatientLoop 就诊服务',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6f8',
  },
});
