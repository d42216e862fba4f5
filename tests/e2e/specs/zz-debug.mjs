import { launch, byTestId, DEMO_PASSWORD } from '../lib/app.mjs';
import { copyWorkspace } from './keying.fixtures.mjs';
const ws = copyWorkspace('/tmp/sohoa-demo');
const app = await launch({ args: [ws] });
const b = app.browser;
try {
  await (await byTestId(b, 'login-username')).setValue('canbo');
  await (await byTestId(b, 'login-password')).setValue(DEMO_PASSWORD);
  await (await byTestId(b, 'login-submit')).click();
  await byTestId(b, 'home');
  await (await byTestId(b, 'nav-keying')).click();
  await (await byTestId(b, 'open-keying')).click();
  await byTestId(b, 'entry-form');
  await b.pause(1500);
  await b.execute(() => {
    window.__log = [];
    const el = document.getElementById('kf-ghiChu');
    for (const t of ['keydown', 'keypress', 'beforeinput', 'input', 'compositionstart', 'compositionupdate', 'compositionend', 'keyup'])
      el.addEventListener(t, (e) => window.__log.push(`${t} key=${e.key ?? ''} data=${e.data ?? ''} comp=${e.isComposing} val=[${el.value}]`), true);
    el.focus();
    el.select();
  });
  await b.keys('Lường Văn Thắng'.split(''));
  await b.pause(800);
  console.log((await b.execute(() => window.__log)).join('\n'));
  console.log('final', await b.execute(() => document.getElementById('kf-ghiChu').value));
} finally {
  await app.close();
}
