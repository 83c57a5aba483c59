import { View } from '@tarojs/components';
import { useState } from 'react';
import Chips from '../components/Chips';
import StaffGate from '../components/StaffGate';
import { EducationEditor } from './care-education';
import { InstructionsEditor } from './care-instructions';
import { MANAGERS } from './roles';
import './staff.css';

const tabs = [
  { value: 'instructions', label: '术后须知' },
  { value: 'education', label: '候诊宣教' },
];

/** 术后须知与宣教: a manager edits the care text per visit category and the education per department. */
export default function CarePage() {
  const [tab, setTab] = useState('instructions');
  return (
    <StaffGate
      only={{
        roles: MANAGERS,
        title: '术后须知与宣教',
        id: 'care-not-allowed',
        text: '修改术后须知与宣教需要管理者角色。',
      }}
    >
      {(user) => (
        <View className="page" id="care-page">
          <Chips idPrefix="care-tab" options={tabs} selected={tab} onToggle={setTab} />
          {tab === 'instructions' ? <InstructionsEditor /> : <EducationEditor user={user} />}
        </View>
      )}
    </StaffGate>
  );
}
