export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/login/index',
    'pages/patient-form/index',
    'pages/book/index',
    'pages/appointments/index',
    'pages/checkin/index',
    'pages/ticket/index',
    // A campaign QR code opens this page (functions/campaigns LANDING_PAGE).
    'pages/campaign/index',
  ],
  subPackages: [
    // Staff pages live in a subpackage so patients never download them.
    {
      root: 'staff',
      pages: [
        'index',
        'lead',
        'queue',
        'checkin',
        'visit',
        'slots',
        'marketing',
        'manager',
        'messages',
        'follow-ups',
        'care',
        'timeline',
        'follow-up-plans',
        'satisfaction',
        'groups',
        // 员工管理: add, deactivate, hand over (issue 10).
        'team',
        // Issue 10: a record's audit trail (managers).
        'audit',
        // Issue 10: two records of one person made one (managers).
        'merge',
        // Issue 11: what the HIS sent today, applied or held and why (managers).
        'his',
        // Issue 11: 在线咨询, the patients' questions to answer or pass to a doctor (consultationWorkers).
        'consult',
        'consult-thread',
        // Issue 11: patients from an old system's Excel/CSV export (managers).
        'import',
      ],
    },
    // The waiting-room screen (H5 on a TV); a notice on weapp.
    { root: 'display', pages: ['index'] },
    // The patient's profiles, messages and message settings (我的就诊人, 我的消息, 消息设置), and 导出我的信息;
    // bind: 员工绑定, a new staff member types the invite code from 员工管理 (issue 10).
    // consult*: 在线咨询, my questions to the clinic, a new one, one as a conversation (issue 11).
    {
      root: 'me',
      pages: ['patients', 'messages', 'settings', 'export', 'bind', 'consult', 'consult-new', 'consult-thread'],
    },
    // The satisfaction survey, opened from its invitation (?id=), and the open invitations.
    { root: 'survey', pages: ['index', 'list'] },
    // Local stack only: the inbox of what each patient would have received.
    { root: 'dev', pages: ['inbox'] },
  ],
  // 我的就诊人 is one tap from the home page: fetch its subpackage while the home page shows.
  preloadRule: { 'pages/index/index': { network: 'all', packages: ['me'] } },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#0f766e',
    navigationBarTitleText: 'PatientLoop 就诊服务',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6f8',
  },
});
