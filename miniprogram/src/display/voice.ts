import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';

const VOICE_KEY = 'pl_display_voice';

/**
 * checking: trying whether this screen may speak; on: it speaks calls; blocked: the browser wants a tap
 * first; off: someone turned it off here; no-engine: the browser has no speech engine to speak with.
 */
export type VoiceState = 'checking' | 'on' | 'blocked' | 'off' | 'no-engine';

type Outcome = 'spoken' | 'not-allowed' | 'failed';

function synth(): SpeechSynthesis | undefined {
  return typeof window !== 'undefined' && typeof SpeechSynthesisUtterance !== 'undefined'
    ? window.speechSynthesis
    : undefined;
}

/**
 * Says a text (`times` times) and tells what happened to the first saying. Chromium refuses speech
 * before a tap with the error 'not-allowed' unless it was started with
 * --autoplay-policy=no-user-gesture-required; without a speech engine it answers 'synthesis-failed'.
 */
function say(text: string, { volume = 1, times = 1 } = {}): Promise<Outcome> {
  const s = synth();
  if (!s) return Promise.resolve('failed');
  return new Promise((resolve) => {
    const done = (o: Outcome) => {
      clearTimeout(timer);
      resolve(o);
    };
    // A slow engine that neither starts nor fails in time is given the benefit of the doubt.
    const timer = setTimeout(() => resolve('spoken'), 4000);
    for (let i = 0; i < times; i++) {
      const u = new SpeechSynthesisUtterance(text);
      u.lang = 'zh-CN';
      u.rate = 0.9;
      u.volume = volume;
      if (i === 0) {
        u.onstart = () => done('spoken');
        u.onerror = (e) =>
          done(e.error === 'not-allowed' ? 'not-allowed' : e.error === 'synthesis-failed' ? 'failed' : 'spoken');
      }
      s.speak(u);
    }
  });
}

const stateAfter = (o: Outcome): VoiceState => (o === 'not-allowed' ? 'blocked' : o === 'failed' ? 'no-engine' : 'on');

/**
 * The screen's spoken calls. The choice is kept on this screen; without a tap the screen tries to
 * speak at once (a kiosk started with the autoplay flag may), and asks for a tap only when refused.
 */
export function useVoice() {
  const [state, setState] = useState<VoiceState>(() => (Taro.getStorageSync(VOICE_KEY) === 'off' ? 'off' : 'checking'));
  const stateRef = useRef(state);
  stateRef.current = state;

  // A silent word: whether this browser lets the screen speak before anyone taps it.
  useEffect(() => {
    if (stateRef.current !== 'checking') return;
    void say('叫号', { volume: 0 }).then((o) => {
      if (stateRef.current === 'checking') setState(stateAfter(o));
    });
  }, []);

  /** Says a call twice, unless voice is off or refused here. */
  const announce = (text: string) => {
    if (stateRef.current === 'off' || stateRef.current === 'blocked') return;
    void say(text, { times: 2 }).then((o) => {
      if (stateRef.current !== 'off') setState(stateAfter(o));
    });
  };

  /** From a tap: allowed to speak from now on, and remembered on this screen. */
  const enable = () => {
    Taro.setStorageSync(VOICE_KEY, 'on');
    setState('on');
    void say('语音播报已开启').then((o) => setState(stateAfter(o)));
  };

  const disable = () => {
    Taro.setStorageSync(VOICE_KEY, 'off');
    synth()?.cancel();
    setState('off');
  };

  return { state, announce, enable, disable };
}
