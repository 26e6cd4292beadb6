import { strict as assert } from "node:assert";
import { DEFAULT_RFM_RULES, quintiles, rfm } from "../../src/engine/orders/rfm.js";

describe("engine/rfm: recency, frequency and monetary scores", () => {
  it("cuts ten customers into fifths, best fifth 5, and ties share the score of their first", () => {
    assert.deepEqual(quintiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "higher"), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    assert.deepEqual(quintiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "lower"), [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    // 3, 3, 3 take ranks 3-5 (0-based 2..4): all get the score of rank 3 → 2.
    assert.deepEqual(quintiles([1, 2, 3, 3, 3, 6, 7, 8, 9, 10], "higher"), [1, 1, 2, 2, 2, 3, 4, 4, 5, 5]);
    assert.deepEqual(quintiles([7, 7, 7], "higher"), [1, 1, 1]);
  });

  it("combines the scores into the RFM cell and a named segment by the first matching rule", () => {
    const customers = [
      { recencyDays: 2, frequency: 20, monetary: 9000 }, // best on everything
      { recencyDays: 300, frequency: 1, monetary: 50 }, // long gone, one small order
      { recencyDays: 3, frequency: 1, monetary: 60 }, // just came: R 4, F 1 (tied with the lost one), M 2 → FM 1.5 → 2
      { recencyDays: 250, frequency: 18, monetary: 8000 }, // a big customer who went quiet
      { recencyDays: 100, frequency: 5, monetary: 900 },
    ];
    const { scores } = rfm(customers);
    assert.deepEqual(scores.map((s) => s.cell), ["555", "111", "412", "244", "333"]);
    assert.deepEqual(scores.map((s) => s.segment), ["Champions", "Lost", "Potential loyalist", "At risk", "Loyal"]);
  });

  it("takes the user's rules", () => {
    const { scores } = rfm([{ recencyDays: 1, frequency: 9, monetary: 9 }, { recencyDays: 9, frequency: 1, monetary: 1 }], [{ segment: "Top", r: [3, 5], fm: [3, 5] }]);
    assert.deepEqual(scores.map((s) => s.segment), ["Top", "Other"]);
    assert.equal(DEFAULT_RFM_RULES.length, 11);
  });
});
