import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DiffReview, PROPOSAL_SCHEME, REVIEW_CHOICES, type ProposedEdit } from '../../src/editor/diffReview';
import { waitFor } from '../helpers/waitFor';

/** A notification the review showed, answered by the test as a user would click. */
interface Question {
  message: string;
  items: string[];
  answer(choice?: string): void;
}

const FIXTURE = 'def first():\n    return 1\n\n\ndef second():\n    return 2\n';
const CODE = '    return 1\n';

describe('diff review of proposed code in a real VS Code extension host', function () {
  this.timeout(30_000);
  const questions: Question[] = [];
  const files: vscode.Uri[] = [];
  let review: DiffReview;

  before(() => {
    review = new DiffReview({ ask: (message, ...items) => new Promise((resolve) => questions.push({ message, items, answer: resolve })) });
  });

  afterEach(async () => {
    questions.length = 0;
    // Saved first, so closing asks nothing.
    const ours = (document: vscode.TextDocument) => files.some((file) => file.toString() === document.uri.toString());
    await Promise.all(vscode.workspace.textDocuments.filter((document) => document.isDirty && ours(document)).map((document) => document.save()));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    review.dispose();
    for (const file of files) await vscode.workspace.fs.delete(file);
  });

  async function nextQuestion(): Promise<Question> {
    await waitFor(() => questions.length > 0, 'the review to ask');
    return questions.shift()!;
  }

  /** A fixture file in the workspace folder, open in an editor. */
  async function openFixture(text = FIXTURE): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, `diff-review-${files.length + 1}.py`);
    files.push(uri);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    return document;
  }

  /** Claude's answer for `code` (once in the document), as the runner hands it over. */
  function proposal(document: vscode.TextDocument, proposedText: string, code = CODE): ProposedEdit {
    const start = document.getText().indexOf(code);
    const range = new vscode.Range(document.positionAt(start), document.positionAt(start + code.length));
    return { uri: document.uri, range, originalText: code, version: document.version, proposedText, commandTitle: 'Refactor' };
  }

  function proposalTabs(): vscode.Tab[] {
    return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === PROPOSAL_SCHEME);
  }

  /** The diff's two sides, once it is open. */
  async function shownDiff(): Promise<{ original: vscode.Uri; proposed: vscode.TextDocument }> {
    await waitFor(() => proposalTabs().length === 1, 'the diff editor to open');
    const input = proposalTabs()[0].input as vscode.TabInputTextDiff;
    return { original: input.original, proposed: await vscode.workspace.openTextDocument(input.modified) };
  }

  async function edit(change: (edit: vscode.WorkspaceEdit) => void): Promise<void> {
    const workspaceEdit = new vscode.WorkspaceEdit();
    change(workspaceEdit);
    assert.ok(await vscode.workspace.applyEdit(workspaceEdit));
  }

  it('shows the change as a diff, leaves the file alone until Accept, then applies it as one undo step', async () => {
    const document = await openFixture();
    const outcome = review.review(proposal(document, '    return 10'));
    const question = await nextQuestion();
    assert.deepEqual(question.items, [REVIEW_CHOICES.accept, REVIEW_CHOICES.reject]);
    assert.match(question.message, /Refactor by Claude for diff-review-\d+\.py, line 2\b/);
    const diff = await shownDiff();
    assert.equal(diff.original.toString(), document.uri.toString());
    assert.equal(diff.proposed.getText(), FIXTURE.replace('return 1\n', 'return 10\n'));
    assert.equal(document.getText(), FIXTURE);
    assert.equal(document.isDirty, false);

    question.answer(REVIEW_CHOICES.accept);
    assert.equal(await outcome, 'applied');
    // The line break the fence dropped is kept.
    assert.equal(document.getText(), FIXTURE.replace('return 1\n', 'return 10\n'));
    assert.equal(proposalTabs().length, 0, 'the diff is closed after deciding');

    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => document.getText() === FIXTURE, 'one undo to bring the original text back');
  });

  it('changes nothing on Reject and closes the diff', async () => {
    const document = await openFixture();
    const outcome = review.review(proposal(document, '    return 10\n'));
    const question = await nextQuestion();
    await shownDiff();
    question.answer(REVIEW_CHOICES.reject);
    assert.equal(await outcome, 'rejected');
    assert.equal(document.getText(), FIXTURE);
    assert.equal(document.isDirty, false);
    assert.equal(proposalTabs().length, 0);
  });

  it('applies to the moved code after edits elsewhere in the file while the diff is open, even with a copy of it below', async () => {
    const document = await openFixture();
    const outcome = review.review(proposal(document, '    return 10\n'));
    const question = await nextQuestion();
    const diff = await shownDiff();
    await edit((change) => {
      change.insert(document.uri, new vscode.Position(0, 0), '# header\n');
      change.insert(document.uri, document.positionAt(FIXTURE.length), `\n\ndef third():\n${CODE}`);
    });
    const expected = `# header\n${FIXTURE.replace('return 1\n', 'return 10\n')}\n\ndef third():\n${CODE}`;
    await waitFor(() => diff.proposed.getText() === expected, "the diff's proposed side to follow the edit");

    question.answer(REVIEW_CHOICES.accept);
    assert.equal(await outcome, 'applied');
    assert.equal(document.getText(), expected);
  });

  it('finds the code again when the file changed elsewhere while Claude answered', async () => {
    const document = await openFixture();
    const edit0 = proposal(document, '    return 10\n');
    await edit((change) => change.insert(document.uri, new vscode.Position(0, 0), 'import os\n'));
    const outcome = review.review(edit0);
    const question = await nextQuestion();
    assert.deepEqual(question.items, [REVIEW_CHOICES.accept, REVIEW_CHOICES.reject]);
    assert.match(question.message, /line 3\b/);
    question.answer(REVIEW_CHOICES.accept);
    assert.equal(await outcome, 'applied');
    assert.equal(document.getText(), `import os\n${FIXTURE.replace('return 1\n', 'return 10\n')}`);
  });

  it('says when the code itself changed while Claude answered, and shows the diff against the current text of the same lines', async () => {
    const document = await openFixture();
    const edit0 = proposal(document, '    return 10\n');
    await edit((change) => change.replace(document.uri, edit0.range, '    return 100\n'));
    const outcome = review.review(edit0);
    const changed = await nextQuestion();
    assert.match(changed.message, /changed while Claude answered/);
    assert.deepEqual(changed.items, [REVIEW_CHOICES.showCurrent, REVIEW_CHOICES.discard]);
    assert.equal(proposalTabs().length, 0, 'no diff before the user asks for one');

    changed.answer(REVIEW_CHOICES.showCurrent);
    const question = await nextQuestion();
    assert.deepEqual(question.items, [REVIEW_CHOICES.accept, REVIEW_CHOICES.reject]);
    const current = FIXTURE.replace('return 1\n', 'return 100\n');
    assert.equal(document.getText(), current);
    assert.equal((await shownDiff()).proposed.getText(), FIXTURE.replace('return 1\n', 'return 10\n'));
    question.answer(REVIEW_CHOICES.accept);
    assert.equal(await outcome, 'applied');
    assert.equal(document.getText(), FIXTURE.replace('return 1\n', 'return 10\n'));
  });

  it('discards the change when the code changed and the user says Discard', async () => {
    const document = await openFixture();
    const edit0 = proposal(document, '    return 10\n');
    await edit((change) => change.replace(document.uri, edit0.range, '    return 100\n'));
    const outcome = review.review(edit0);
    (await nextQuestion()).answer(REVIEW_CHOICES.discard);
    assert.equal(await outcome, 'rejected');
    assert.equal(document.getText(), FIXTURE.replace('return 1\n', 'return 100\n'));
  });

  it('checks again on Accept: an edit inside the code while the diff is open leads to a fresh diff, not an overwrite', async () => {
    const document = await openFixture();
    const outcome = review.review(proposal(document, '    return 10\n'));
    const question = await nextQuestion();
    await shownDiff();
    await edit((change) => change.replace(document.uri, new vscode.Range(1, 11, 1, 12), '7'));
    question.answer(REVIEW_CHOICES.accept);
    const changed = await nextQuestion();
    assert.match(changed.message, /changed while the diff was open/);
    assert.deepEqual(changed.items, [REVIEW_CHOICES.showCurrent, REVIEW_CHOICES.discard]);
    assert.equal(document.getText(), FIXTURE.replace('return 1\n', 'return 7\n'));
    await waitFor(() => proposalTabs().length === 0, 'the stale diff to close');
    changed.answer(REVIEW_CHOICES.discard);
    assert.equal(await outcome, 'rejected');
    assert.equal(document.getText(), FIXTURE.replace('return 1\n', 'return 7\n'));
  });

  it("reports identical code as unchanged without opening a diff", async () => {
    const document = await openFixture();
    // The fence's missing last line break does not count as a change.
    assert.equal(await review.review(proposal(document, '    return 1')), 'unchanged');
    const told = await nextQuestion();
    assert.match(told.message, /left diff-review-\d+\.py, line 2 as it was/);
    assert.deepEqual(told.items, []);
    assert.equal(proposalTabs().length, 0);
    assert.equal(document.getText(), FIXTURE);
    assert.equal(document.isDirty, false);
  });

  it("decides from the diff's title buttons: Accept on the active diff, Reject on the diff it was pressed on", async () => {
    const document = await openFixture();
    const accepted = review.review(proposal(document, '    return 10\n'));
    await nextQuestion();
    await shownDiff();
    await review.acceptActive();
    assert.equal(await accepted, 'applied');
    assert.equal(document.getText(), FIXTURE.replace('return 1\n', 'return 10\n'));

    const rejected = review.review(proposal(document, '    return 20\n', '    return 2\n'));
    await nextQuestion();
    await shownDiff();
    const input = proposalTabs()[0].input as vscode.TabInputTextDiff;
    await review.rejectActive(input.modified);
    assert.equal(await rejected, 'rejected');
    assert.equal(document.getText(), FIXTURE.replace('return 1\n', 'return 10\n'));
    assert.equal(proposalTabs().length, 0);
  });

  it('takes closing the diff as Reject', async () => {
    const document = await openFixture();
    const outcome = review.review(proposal(document, '    return 10\n'));
    await nextQuestion();
    await shownDiff();
    await vscode.window.tabGroups.close(proposalTabs());
    assert.equal(await outcome, 'rejected');
    assert.equal(document.getText(), FIXTURE);
  });
});
