// The mini-program: Taro's dialogs and toasts are the base library's own, nothing to load.
// (H5 takes error-messages-lazy.h5.ts instead: Taro resolves the platform's file first.)
export { showErrorMessage } from './error-messages';
