// Drives the embedded router's API with node-routeros (a third-party
// client) through login, print, add, set, remove and an empty print, and
// prints one JSON line with what it saw. Run by TestNodeRouterOS.
const { RouterOSAPI } = require('node-routeros');

async function main() {
  const api = new RouterOSAPI({
    host: '127.0.0.1', port: parseInt(process.env.ROS_PORT, 10),
    user: process.env.ROS_USER, password: process.env.ROS_PASS, timeout: 5,
  });
  const out = {};
  await api.connect();
  out.login = true;
  out.resource = await api.write('/system/resource/print');
  const added = await api.write('/queue/tree/add', ['=name=q1', '=parent=ether1', '=max-limit=5M']);
  out.added = added;
  const id = added[0].ret;
  await api.write('/queue/tree/set', ['=.id=' + id, '=max-limit=7M']);
  out.afterSet = await api.write('/queue/tree/print', ['?name=q1']);
  await api.write('/queue/tree/remove', ['=.id=' + id]);
  out.emptyPrint = await api.write('/queue/tree/print');
  api.close();
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.log(JSON.stringify({ error: String(e && (e.message || e.errno) || e) }));
  process.exit(1);
});
