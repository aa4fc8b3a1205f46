import assert from 'node:assert/strict';
import { EVICTED_DOCUMENT_TEXT, INSPECT_SCHEME, InspectorDocuments, MAX_INSPECTOR_DOCUMENTS } from '../../../src/inspector/inspectorDocuments';
import { Uri, fake, workspace, type FakeTextDocument } from '../../fakes/vscode';

describe('InspectorDocuments: the API inspector’s read-only JSON documents', () => {
  let documents: InspectorDocuments;
  beforeEach(() => {
    fake.reset();
    documents = new InspectorDocuments();
  });
  afterEach(() => documents.dispose());

  const provider = () => fake.contentProviders.get(INSPECT_SCHEME)!;
  const shown = () => fake.shownDocuments.map((entry) => entry.document as FakeTextDocument);

  it('serves its documents from memory under its own scheme, as JSON, in a preview editor', async () => {
    await documents.show('request-msg_1.json', '{\n  "model": "m"\n}\n');
    const [document] = shown();
    assert.equal(document.uri.scheme, INSPECT_SCHEME);
    assert.equal(document.uri.path, '/request-msg_1.json');
    assert.equal(document.languageId, 'json');
    assert.equal(document.getText(), '{\n  "model": "m"\n}\n');
    assert.deepEqual(fake.shownDocuments[0].options, { preview: true });
  });

  it('sets the language to JSON when the name does not say it', async () => {
    await documents.show('request-msg_1 (rebuilt)', '{}\n');
    assert.equal(shown()[0].languageId, 'json');
  });

  it('refreshes a document shown again with new text, telling VS Code it changed', async () => {
    const changed: string[] = [];
    provider().onDidChange?.((uri) => changed.push(uri.path));
    await documents.show('response-msg_1.json', '{"v":1}');
    await documents.show('response-msg_1.json', '{"v":1}');
    assert.deepEqual(changed, [], 'the same text is no change');
    await documents.show('response-msg_1.json', '{"v":2}');
    assert.deepEqual(changed, ['/response-msg_1.json']);
    assert.equal(documents.contentOf('response-msg_1.json'), '{"v":2}');
  });

  it(`holds at most ${MAX_INSPECTOR_DOCUMENTS} documents, letting the least recently shown go first`, async () => {
    for (let index = 0; index <= MAX_INSPECTOR_DOCUMENTS; index++) {
      await documents.show(`request-${index}.json`, `{"index":${index}}`);
      if (index === 5) await documents.show('request-0.json', '{"index":0}');
    }
    assert.equal(documents.contentOf('request-0.json'), '{"index":0}', 'shown again, so kept');
    assert.equal(documents.contentOf('request-1.json'), undefined, 'the least recently shown went');
    assert.equal(await provider().provideTextDocumentContent(InspectorDocuments.uriFor('request-1.json')), EVICTED_DOCUMENT_TEXT);
    assert.doesNotThrow(() => JSON.parse(EVICTED_DOCUMENT_TEXT), 'a reloaded editor still shows valid JSON');
  });

  it('stops serving its scheme when disposed', async () => {
    documents.dispose();
    assert.equal(fake.contentProviders.get(INSPECT_SCHEME), undefined);
    await assert.rejects(workspace.openTextDocument(Uri.from({ scheme: INSPECT_SCHEME, path: '/request-x.json' })));
  });
});
