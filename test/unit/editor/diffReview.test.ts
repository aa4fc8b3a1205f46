import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeLines, describeRange, pickReview, PROPOSAL_SCHEME } from '../../../src/editor/diffReview';

describe('DiffReview helpers', () => {
  describe('pickReview (which proposal Accept or Reject means)', () => {
    const first = `${PROPOSAL_SCHEME}:/a-1/foo.ts`;
    const second = `${PROPOSAL_SCHEME}:/a-2/bar.ts`;

    it('takes the proposal whose diff the button was pressed on, before the active diff', () => {
      assert.equal(pickReview([first, second], second, first), second);
      assert.equal(pickReview([first, second], undefined, first), first);
      assert.equal(pickReview([first, second], 'file:///w/foo.ts', second), second);
    });

    it('means none for a proposal diff that is no longer pending, even when another one is', () => {
      assert.equal(pickReview([first], `${PROPOSAL_SCHEME}:/a-9/old.ts`, undefined), undefined);
      assert.equal(pickReview([first], undefined, `${PROPOSAL_SCHEME}:/a-9/old.ts`), undefined);
    });

    it('takes the only pending proposal from anywhere else, and none when several are pending', () => {
      assert.equal(pickReview([first], undefined, 'file:///w/other.ts'), first);
      assert.equal(pickReview([first, second], undefined, 'file:///w/other.ts'), undefined);
      assert.equal(pickReview([], undefined, undefined), undefined);
    });
  });

  describe('describeRange', () => {
    it('names lines 1-based, a range ending at a line start ending on the line before', () => {
      assert.equal(describeLines(new vscode.Range(2, 4, 9, 10)), 'lines 3–10');
      assert.equal(describeLines(new vscode.Range(2, 0, 10, 0)), 'lines 3–10');
      assert.equal(describeLines(new vscode.Range(4, 4, 4, 12)), 'line 5');
      assert.equal(describeLines(new vscode.Range(4, 0, 5, 0)), 'line 5');
      assert.equal(describeLines(new vscode.Range(4, 2, 4, 2)), 'line 5');
    });

    it('says "whole file" for a whole-file proposal', () => {
      assert.equal(describeRange('src/a.ts', new vscode.Range(0, 0, 40, 0), true), 'src/a.ts (whole file)');
      assert.equal(describeRange('src/a.ts', new vscode.Range(0, 0, 40, 0), false), 'src/a.ts, lines 1–40');
    });
  });
});
