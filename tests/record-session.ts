import type { Finding, Session } from '../lib/findings';
import { makeFinding } from './factories';

/** A session as inspectors end one: 5 findings confirmed or accepted, 300 the machine found that nobody looked at. */
export function recordSession(): { session: Session; findings: Finding[] } {
  const at = '2025-06-20T02:00:00.000Z';
  const session: Session = {
    id: '6f1c3a2e-9b7d-4c1e-8a2f-1d2e3f4a5b6c',
    name: '2025年第二季度网站检查',
    quarter: '2025Q2',
    inspector: '张检查',
    sites: [{ name: '青禾县人民政府', url: 'http://www.qinghe.gov.cn/', status: 'checked', pagesScanned: 3 }],
    createdAt: at,
    updatedAt: at,
  };
  const confirmed = [
    makeFinding({ site: 'www.qinghe.gov.cn', rule: 'link-dead', severity: 'deduct', status: 'confirmed', label: '政务公开', message: '链接无法访问（HTTP 404）' }),
    makeFinding({ site: 'www.qinghe.gov.cn', rule: 'wording-error', severity: 'veto', status: 'accepted', label: '中华人民共合国', message: '应为“中华人民共和国”' }),
    makeFinding({ site: 'www.qinghe.gov.cn', rule: 'link-empty', severity: 'deduct', status: 'confirmed', label: '网站地图', message: '空链' }),
    makeFinding({ site: 'www.shuangqiao.gov.cn', pageTitle: '双桥区人民政府', pageUrl: 'http://www.shuangqiao.gov.cn/', rule: 'filing-missing', severity: 'deduct', status: 'confirmed', label: 'ICP备案号', message: '缺少ICP备案号' }),
    makeFinding({ site: 'www.shuangqiao.gov.cn', pageTitle: '双桥区人民政府 - 通知公告', pageUrl: 'http://www.shuangqiao.gov.cn/tzgg/index.html', rule: 'link-dead', severity: 'deduct', status: 'confirmed', label: '旧通知', message: '链接无法访问（HTTP 404）' }),
  ];
  const open = Array.from({ length: 300 }, (_, i) =>
    makeFinding({ site: i % 3 ? 'www.qinghe.gov.cn' : 'www.shuangqiao.gov.cn', rule: 'link-dead', severity: i % 2 ? 'review' : 'deduct', status: 'open', label: `未确认链接 ${i + 1}`, message: '域名无法解析' }),
  );
  const dismissed = [makeFinding({ site: 'www.qinghe.gov.cn', rule: 'link-hidden', severity: 'veto', status: 'dismissed', label: '已排除的暗链' })];
  return { session, findings: [...confirmed, ...open, ...dismissed] };
}
