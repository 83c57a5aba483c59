import { describe, expect, it } from 'vitest';
import { spacedPhone } from '../../shared/phone';
import { CAMPAIGN_LANDING_PAGE, campaignLandingUrl } from '../../shared/schemas/campaigns';

describe('the landing link a marketer copies', () => {
  it('opens the landing page on the H5 hash route with the scene encoded', () => {
    expect(campaignLandingUrl('http://192.168.1.5:3000', 'cp_ab/c')).toBe(
      `http://192.168.1.5:3000/#/${CAMPAIGN_LANDING_PAGE}?scene=cp_ab%2Fc`,
    );
  });

  it('does not double the slash when the origin ends with one', () => {
    expect(campaignLandingUrl('https://h5.example.cn/', 'cp_1')).toBe(
      'https://h5.example.cn/#/pages/campaign/index?scene=cp_1',
    );
  });
});

describe('a phone number written to be read out', () => {
  it('groups a mobile number 3-4-4', () => {
    expect(spacedPhone('13812341234')).toBe('138 1234 1234');
  });

  it('leaves a masked or landline number as it is', () => {
    expect(spacedPhone('138****1234')).toBe('138****1234');
    expect(spacedPhone('021-6488 0088')).toBe('021-6488 0088');
  });
});
