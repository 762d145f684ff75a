// DeepL's official Node.js client (deepl-node), used as its README shows, against our server.
// Usage: NODE_PATH=.node-clients/node_modules node deepl_node_client.cjs SERVER_URL KEY DIR
// Prints one JSON object with what each call returned (tests/integration/test_compat_clients.py).
const fs = require("fs");
const path = require("path");
const deepl = require("deepl-node");

const ZH = "推进数字乡村建设。";
const TRADITIONAL = "推進數字鄉村建設。";

async function main() {
  const [serverUrl, authKey, dir] = process.argv.slice(2);
  const deeplClient = new deepl.DeepLClient(authKey, { serverUrl });
  const out = {};
  const one = await deeplClient.translateText(ZH, null, "en-US");
  out.single = { text: one.text, detected: one.detectedSourceLang, billed: one.billedCharacters };
  const many = await deeplClient.translateText([ZH, TRADITIONAL], "zh", "en-GB");
  out.batch = many.map((r) => ({ text: r.text, detected: r.detectedSourceLang }));
  const html = await deeplClient.translateText(
    '<h2 id="t">一、总体要求</h2><p>推进<b>数字乡村</b>建设。</p>', "zh", "en-US",
    { tagHandling: "html" });
  out.html = html.text;
  out.source = (await deeplClient.getSourceLanguages()).map((l) => l.code);
  out.target = (await deeplClient.getTargetLanguages()).map((l) => l.code);
  const usage = await deeplClient.getUsage();
  out.usage = { count: usage.character.count, limitReached: usage.anyLimitReached() };
  const given = path.join(dir, "通知.txt");
  const translated = path.join(dir, "notice-en.txt");
  fs.writeFileSync(given, "标题\n一、总体要求\n推进数字乡村建设。\n");
  const status = await deeplClient.translateDocument(given, translated, "zh", "en-US");
  out.document = { done: status.done(), text: fs.readFileSync(translated, "utf8") };
  try {
    await new deepl.DeepLClient("wrong", { serverUrl }).translateText(ZH, null, "en-US");
    out.wrongKey = "no error";
  } catch (error) {
    out.wrongKey = error.constructor.name;
  }
  console.log(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
