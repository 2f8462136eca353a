import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n.tsx';
import { PageTitle, Panel } from './ui.tsx';

/** /m/help: the questions drivers and payers ask most, in both languages. */
export default function Help() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const faq: [string, string, string, string][] = [
    ['怎么充值？', 'How do I top up?', '在「钱包」点「充值」，输入金额和银行卡。需要 3-D Secure 验证的卡会跳转到银行页面，确认后自动回到钱包。单次最多 ¥50,000.00。', 'On the Wallet tab, tap Top up and enter the amount and your bank card. A card that asks for 3-D Secure opens your bank’s page and brings you back. At most ¥50,000.00 per top-up.'],
    ['怎么付款？', 'How do I pay?', '打开商户给你的付款链接，选择钱包并输入 6 位支付密码。如果系统要求安全验证，请输入短信验证码。', 'Open the payment link the merchant gives you, choose the wallet and enter your 6-digit payment password. If we ask for a security check, enter the code we send by SMS.'],
    ['怎么充电？', 'How do I charge?', '扫描充电枪上的二维码（或在「扫码充电」输入桩号），登录后选择钱包或预付卡、确认预付金额，点「开始充电」并插好枪。充电时可实时查看电量和费用，随时点「停止充电」。', 'Scan the code on the connector (or type the charger’s number on the Charge tab), sign in, choose the wallet or a prepaid card, confirm the hold, tap Start and plug in. Energy and cost update live; tap Stop at any time.'],
    ['什么是预付冻结？', 'What is a hold?', '开始充电时先冻结一笔预付金额（不少于该桩的最低预付）。结束后只扣实际费用，其余立即退回钱包或预付卡。费用不会超过冻结金额。', 'When charging starts we reserve an amount (at least the charger’s minimum). When it ends we take only what the session cost and release the rest at once. You are never charged more than the hold.'],
    ['电价为什么不同？', 'Why do prices change during the day?', '电价按尖、峰、平、谷四个时段计费，每半小时一个时段；充电跨时段时各段分别计费。', 'Electricity is priced by time of day (sharp, peak, flat, valley) in half-hour slots; a session across slots pays each slot’s price.'],
    ['联系我们', 'Contact us', '客服电话 400-000-0000（每天 8:00–22:00），或发邮件至 support@paygrid.example。请提供手机号和交易时间。', 'Call 400-000-0000 (8:00–22:00 daily) or email support@paygrid.example with your phone number and the time of the transaction.'],
  ];
  return (
    <>
      <PageTitle back={() => navigate(-1)}>{t('帮助', 'Help')}</PageTitle>
      <Panel>
        <dl className="m-faq">
          {faq.map(([qZh, qEn, aZh, aEn]) => (
            <div key={qEn}>
              <dt>{t(qZh, qEn)}</dt>
              <dd>{t(aZh, aEn)}</dd>
            </div>
          ))}
        </dl>
      </Panel>
    </>
  );
}
