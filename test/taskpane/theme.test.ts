import { strict as assert } from "node:assert";
import { contrast, paneTheme } from "../../src/taskpane/theme.js";

describe("taskpane/theme: the pane follows Office's theme", () => {
  it("is dark on Office's dark and black themes, light on white and colourful", () => {
    assert.deepEqual(paneTheme({ bodyBackgroundColor: "#262626" }), { name: "dark", background: "#262626" });
    assert.equal(paneTheme({ bodyBackgroundColor: "#000000" }).name, "dark");
    assert.deepEqual(paneTheme({ bodyBackgroundColor: "#FFFFFF" }), { name: "light", background: "#ffffff" });
    assert.equal(paneTheme({ bodyBackgroundColor: "#E6E6E6" }).name, "light");
  });
  it("keeps its own background where Office's would break AA contrast, and is light outside Office", () => {
    // Dark grey: the muted text (#adadad) would fall under 4.5:1 on it.
    assert.ok(contrast("#adadad", "#6a6a6a") < 4.5);
    assert.deepEqual(paneTheme({ bodyBackgroundColor: "#6A6A6A" }), { name: "dark" });
    assert.deepEqual(paneTheme(undefined), { name: "light" });
    assert.deepEqual(paneTheme({ bodyBackgroundColor: "not a colour" }), { name: "light" });
  });
  it("computes WCAG contrast ratios", () => {
    assert.equal(Math.round(contrast("#000000", "#ffffff")), 21);
    assert.equal(contrast("#777777", "#777777"), 1);
  });
});
