// A tiny app importing the installed package the way bundler users do.
import init, { validateImage, validateImages, parseImage } from 'registry-access';

async function main() {
  try {
    await init();
    window.result = {
      one: validateImage('us.icr.io/team1/app:1.0'),
      many: validateImages(['nginx', 'Nginx'], { profile: 'oci' }),
      parsed: parseImage('nginx'),
    };
  } catch (e) {
    window.result = { failure: String((e && e.stack) || e) };
  }
  document.title = 'done';
}
main();
