import { describe, expect, test } from 'vitest';
import { Finding } from '@/lib/findings';
import { isoDay } from '@/lib/facts/dates';
import { DEFAULT_RULE_PACK } from '@/lib/rule-pack/pack';
import { boardMessages, interactionLate } from '@/lib/rules/interaction-late';
import { contextOf, corpusPage, drain, fixturePage, runRules } from '../../fixtures/columns/harness';

const row = (f: Finding) => [f.label, f.severity, f.detail.status, f.detail.submittedDate, f.detail.replyDate, f.detail.days, f.detail.limitDays];

// Issue 12: the default follows the national line (3 months, veto); a shorter local limit is a warning
// (review) whose message names the line it crossed. The old expectations (7-day deductions) were wrong.
const LOCAL = { ...DEFAULT_RULE_PACK, interaction: { unansweredVetoDays: 90, unansweredWarnDays: 7, lateReplyDays: 7 } };

describe('interaction-late on a board table (标题 | 留言时间 | 状态 | 回复时间)', () => {
  test('at 2025-06-30, default pack: only the national line, over 90 days unanswered, is a finding (veto)', async () => {
    const findings = await runRules([interactionLate], fixturePage('index.html'));
    expect(findings.map(row)).toEqual([['关于小区停车难的问题', 'veto', '未回复', '2025-03-01', null, 121, 90]]);
    for (const f of findings) expect(Finding.parse(f)).toEqual(f);
    expect(findings[0].message).toBe('留言“关于小区停车难的问题”于 2025-03-01 提交，至检查日已 121 天仍未答复，超过 90 天（3 个月），触及单项否决');
    expect(findings[0].snippet.startsWith('<tr>')).toBe(true);
  });

  test('a local 7-day line: over it is a warning (review) that says which line it crossed', async () => {
    const findings = await runRules([interactionLate], fixturePage('index.html'), undefined, LOCAL);
    expect(findings.map(row)).toEqual([
      ['关于小区停车难的问题', 'veto', '未回复', '2025-03-01', null, 121, 90],
      ['咨询社保卡办理流程', 'review', '处理中', '2025-06-20', null, 10, 7],
      ['夜间施工噪音扰民投诉', 'review', '已回复', '2025-05-01', '2025-05-20', 19, 7],
    ]);
    expect(findings[1].message).toBe('预警：留言“咨询社保卡办理流程”于 2025-06-20 提交，至检查日已 10 天仍未答复，超过本地设定的 7 天预警线（尚未达到90 天（3 个月）的国家答复时限，不扣分），请督促答复');
    expect(findings[2].message).toBe('预警：留言“夜间施工噪音扰民投诉”于 2025-05-01 提交，2025-05-20 才答复，用时 19 天，超过本地设定的 7 天预警线（未超过90 天（3 个月）的国家答复时限，不扣分）');
  });

  test('exactly 90 days unanswered is not yet the national line; the pack’s limits are used', async () => {
    const at90 = await runRules([interactionLate], fixturePage('index.html'), new Date(2025, 4, 30, 12), LOCAL);
    expect(at90.find((f) => f.label === '关于小区停车难的问题')!.severity).toBe('review');
    const strict = { ...DEFAULT_RULE_PACK, interaction: { unansweredVetoDays: 30, unansweredWarnDays: 2, lateReplyDays: 1 } };
    const findings = await runRules([interactionLate], fixturePage('index.html'), new Date(2025, 5, 30, 12), strict);
    expect(findings.map((f) => [f.label, f.severity])).toEqual([
      ['关于小区停车难的问题', 'veto'],
      ['咨询社保卡办理流程', 'review'],
      ['公交线路调整建议', 'review'],
      ['夜间施工噪音扰民投诉', 'review'],
      ['学校招生政策咨询', 'review'],
    ]);
  });
});

describe('interaction-late on a mailbox list', () => {
  test('status words, labelled dates (来信时间/回复时间), and a Q&A answer block on a 信箱 page', async () => {
    const findings = await runRules([interactionLate], fixturePage('mailbox.html', 'https://www.example.gov.cn/hdjl/szxx/'), undefined, LOCAL);
    expect(findings.map(row)).toEqual([
      ['反映老旧小区加装电梯进展缓慢', 'veto', '办理中', '2025-02-10', null, 140, 90],
      ['建议增设社区卫生服务站', 'review', '已回复', '2025-04-01', '2025-04-25', 24, 7],
      ['关于垃圾分类的建议', 'review', '已回复', '2025-01-05', '2025-03-01', 55, 7],
    ]);
  });
});

describe('interaction-late on real pages', () => {
  test('shangwuting 领导信箱: eight answered Q&A letters with one date each; no reply date, nothing to judge', async () => {
    const doc = corpusPage('gov-pages/shangwuting_henan_template/mailBoxList.html');
    const messages = drain(boardMessages(contextOf(doc)));
    expect(messages).toHaveLength(8);
    for (const m of messages) {
      expect(m.status).toBe('answered');
      expect(isoDay(m.submitted!)).toBe('2016-07-27');
      expect(m.replied).toBeUndefined();
    }
    expect(messages[1].title).toBe('免费的骨脊灰疫苗什么时候能让市民用上');
    expect(await runRules([interactionLate], doc)).toEqual([]);
  });

  test('shangwuting 互动交流: the three mailbox tabs hold 18 answered letters', async () => {
    const doc = corpusPage('gov-pages/shangwuting_henan_template/Communication.html');
    const messages = drain(boardMessages(contextOf(doc)));
    expect(messages.map((m) => m.status)).toEqual(Array(18).fill('answered'));
    expect(await runRules([interactionLate], doc)).toEqual([]);
  });

  test.each(['index.html', 'newsList.html', 'questionNaire.html'])('shangwuting %s: no board, no messages', (name) => {
    expect(drain(boardMessages(contextOf(corpusPage(`gov-pages/shangwuting_henan_template/${name}`))))).toEqual([]);
  });

  test('a news list is no board even on a page about interaction', () => {
    expect(drain(boardMessages(contextOf(fixturePage('list.html'))))).toEqual([]);
  });
});
