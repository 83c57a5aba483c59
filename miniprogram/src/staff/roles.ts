/** The API's own role sets (the API checks roles anyway; these only hide dead buttons). */
export {
  clinical as CLINICAL,
  deletionRecorders as DELETION_RECORDERS,
  followUpWorkers as FOLLOW_UP_WORKERS,
  groupWorkers as GROUP_WORKERS,
  hasRole,
  managers as MANAGERS,
  messageCenterRoles as MESSAGE_CENTRE,
  queueCallers as CALLERS,
  visitRecorders as VISIT_ROLES,
} from '@shared/roles';
