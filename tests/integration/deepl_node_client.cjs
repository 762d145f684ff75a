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
  out.glossary = await glossaries(deeplClient, dir);
  try {
    await new deepl.DeepLClient("wrong", { serverUrl }).translateText(ZH, null, "en-US");
    out.wrongKey = "no error";
  } catch (error) {
    out.wrongKey = error.constructor.name;
  }
  console.log(JSON.stringify(out));
}

// create (entries and CSV), list, entries, translate text and a document with it, delete.
async function glossaries(deeplClient, dir) {
  const entries = new deepl.GlossaryEntries({
    entries: { "总体要求": "General Requirements", "乡村振兴": "rural revitalization" },
  });
  const made = await deeplClient.createGlossary("policy terms", "zh", "en-US", entries);
  const csv = await deeplClient.createGlossaryWithCsv(
    "csv terms", "zh", "en", Buffer.from("国务院,State Council\n"));
  const listed = (await deeplClient.listGlossaries()).map((g) => g.glossaryId);
  const result = {
    made: made.entryCount,
    csv: csv.entryCount,
    listed: listed.includes(made.glossaryId) && listed.includes(csv.glossaryId),
    entries: (await deeplClient.getGlossaryEntries(made)).entries(),
  };
  const texts = await deeplClient.translateText(
    ["总体要求", "推进乡村振兴。"], "zh", "en-US", { glossary: made });
  result.texts = texts.map((r) => r.text);
  const given = path.join(dir, "glossary-notice.txt");
  const translated = path.join(dir, "glossary-notice-en.txt");
  fs.writeFileSync(given, "标题\n一、总体要求\n推进乡村振兴。\n");
  await deeplClient.translateDocument(given, translated, "zh", "en-US", { glossary: made });
  result.document = fs.readFileSync(translated, "utf8");
  await deeplClient.deleteGlossary(made);
  try {
    await deeplClient.getGlossary(made.glossaryId);
    result.afterDelete = "no error";
  } catch (error) {
    result.afterDelete = error.constructor.name;
  }
  return result;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
