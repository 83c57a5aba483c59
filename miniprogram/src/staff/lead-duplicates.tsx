import { normalizePhone } from '@shared/phone';
import { type DuplicateMatch, duplicatesInput } from '@shared/schemas/patient';
import { Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { Banner } from '../components/Banner';
import { findDuplicates } from '../services/patients';
import { ApiError } from '../services/request';

function matchLine(m: DuplicateMatch): string {
  const owner = m.ownerStaffName ? `（归属：${m.ownerStaffName}）` : '';
  if (m.matchedOn.includes('phone')) return `手机号已存在：${m.maskedName} ${m.maskedPhone}${owner}`;
  const what = m.matchedOn.includes('name_birthdate') ? '同名且同生日' : '同名';
  return `${what}：${m.maskedName} ${m.maskedPhone}${owner}`;
}

/**
 * As the name or phone is typed: who already matches (debounced; an answer to older typing is
 * dropped). A failed check says so; saving still checks the phone on the server.
 */
export function useDuplicateCheck(name: string, phone: string, birthDate: string) {
  const [matches, setMatches] = useState<DuplicateMatch[]>([]);
  const [problem, setProblem] = useState('');
  const seq = useRef(0);

  useEffect(() => {
    const n = name.trim();
    const body = duplicatesInput.safeParse({
      name: n.length >= 2 ? n : undefined,
      phone: normalizePhone(phone),
      birthDate: /^\d{4}-\d{2}-\d{2}$/.test(birthDate) ? birthDate : undefined,
    });
    const mine = ++seq.current;
    if (!body.success) {
      setMatches([]);
      setProblem('');
      return;
    }
    const timer = setTimeout(() => {
      findDuplicates(body.data)
        .then((r) => {
          if (mine !== seq.current) return;
          setMatches(r.items);
          setProblem('');
        })
        .catch((e) => {
          if (mine !== seq.current) return;
          setProblem(
            e instanceof ApiError && e.status === 0
              ? '查重暂不可用（网络异常），保存时系统仍会检查手机号。'
              : `查重失败：${e instanceof ApiError ? e.message : '请稍后重试'}`,
          );
        });
    }, 300);
    return () => clearTimeout(timer);
  }, [name, phone, birthDate]);

  const phoneTaken = matches.some((m) => m.matchedOn.includes('phone'));
  return { matches, problem, phoneTaken };
}

/** Who matches, masked: a phone on file blocks saving, a same name only asks to check. */
export function DuplicateWarning({ matches, problem, phoneTaken }: ReturnType<typeof useDuplicateCheck>) {
  const sameName = matches.some((m) => !m.matchedOn.includes('phone'));
  return (
    <View>
      {matches.length > 0 ? (
        <View className={`banner ${phoneTaken ? 'banner-error' : 'banner-warn'}`} id="dup-warning">
          <Text className="banner-title">{phoneTaken ? '⚠ 手机号已建档，不能重复录入' : '⚠ 可能重复，请核对'}</Text>
          {matches.map((m) => (
            <Text className="banner-line dup-line" key={m.patientId}>
              {matchLine(m)}
            </Text>
          ))}
          {!phoneTaken && sameName ? (
            <Text className="consent-text">同名不一定是同一人：请向患者核对手机号后再保存。</Text>
          ) : null}
        </View>
      ) : null}
      {problem ? <Banner kind="warn" id="dup-check-problem" text={problem} /> : null}
    </View>
  );
}
