"""The peer of `customer-segment big.csv --format json`: the same analyses, written as a pandas user would.

Reads a customer CSV (semicolon, decimal comma, as Dutch Excel writes it), then per customer: revenue share,
cumulative share and Pareto class (A to 80%, B to 95%), profit rank and cumulative profit share (profit =
revenue x margin), BCG quadrant (margin against growth, median thresholds), a weighted score over the
criteria (PERCENTRANK.INC per column, payment days reversed, weights 1) and the A-D tier by the customer
pyramid (top 10% / 20% / 30% / rest); for the portfolio the top-1/5/10 shares, the HHI and the Gini. Writes
JSON records, or with an .xlsx input and output the workbook route (read_excel and to_excel through
openpyxl). Usage: python3 pandas_segment.py big.csv out.json | python3 pandas_segment.py big.xlsx out.xlsx
"""
import sys

import numpy as np
import pandas as pd

src, out = sys.argv[1], sys.argv[2]
if src.endswith(".xlsx"):
    df = pd.read_excel(src, engine="openpyxl", na_values=["#N/A"])
    df["Omzet"] = pd.to_numeric(df["Omzet"].astype(str).str.replace(",", ".", regex=False), errors="coerce")
else:
    df = pd.read_csv(src, sep=";", decimal=",", na_values=["#N/A"], keep_default_na=True)
df.columns = ["customer", "segment", "revenue", "margin", "growth", "payment_days", "innovation", "network"]
ok = df["customer"].notna() & df["revenue"].notna()

rev = df["revenue"].where(ok)
positive = rev.clip(lower=0)
total = positive.sum()
order = rev.sort_values(ascending=False, kind="stable").index
df["rank"] = pd.Series(np.arange(1, len(order) + 1), index=order).where(ok)
df["revenue_share"] = positive / total
cum = df.loc[order, "revenue_share"].cumsum()
df["cumulative_share"] = cum
before = cum - df.loc[order, "revenue_share"]
df["pareto_class"] = np.select([before < 0.8, before < 0.95], ["A", "B"], "C")
df.loc[~ok, "pareto_class"] = None

profit = rev * df["margin"]
porder = profit.sort_values(ascending=False, kind="stable").index
df["profit_rank"] = pd.Series(np.arange(1, len(porder) + 1), index=porder).where(profit.notna())
df["cumulative_profit_share"] = profit.loc[porder].cumsum() / profit.sum()

mx, my = df["margin"].median(), df["growth"].median()
high_x, high_y = df["margin"] >= mx, df["growth"] >= my
df["quadrant"] = np.select([high_x & high_y, high_x, high_y], ["Star", "Cash Cow", "Question Mark"], "Dog")
df.loc[df["margin"].isna() | df["growth"].isna() | ~ok, "quadrant"] = None

criteria = {"revenue": False, "margin": False, "growth": False, "payment_days": True, "innovation": False, "network": False}
ranks = []
for col, lower in criteria.items():
    v = df[col].where(ok)
    n = v.notna().sum()
    pr = (v.rank(method="min") - 1) / (n - 1)
    ranks.append(1 - pr if lower else pr)
df["score"] = pd.concat(ranks, axis=1).mean(axis=1, skipna=True) * 100
pos = df["score"].rank(ascending=False, method="first") / df["score"].notna().sum()
df["tier"] = np.select([pos <= 0.1, pos <= 0.3, pos <= 0.6], ["A", "B", "C"], "D")
df.loc[df["score"].isna(), "tier"] = None

shares = df["revenue_share"].dropna().sort_values(ascending=False).to_numpy()
x = np.sort(positive.dropna().to_numpy())
n = len(x)
summary = {
    "top1": shares[:1].sum(), "top5": shares[:5].sum(), "top10": shares[:10].sum(),
    "hhi": float((shares ** 2).sum()),
    "gini": float((2 * np.arange(1, n + 1) - n - 1).dot(x) / (n * x.sum())),
}
cols = ["customer", "rank", "revenue_share", "cumulative_share", "pareto_class", "profit_rank", "cumulative_profit_share", "quadrant", "score", "tier"]
if out.endswith(".xlsx"):
    with pd.ExcelWriter(out, engine="openpyxl") as w:
        df.to_excel(w, sheet_name="Klanten", index=False)
        pd.DataFrame([summary]).to_excel(w, sheet_name="Segmentation", index=False)
    sys.exit(0)
with open(out, "w") as f:
    f.write('{"summary": ' + pd.Series(summary).to_json() + ', "rows": ')
    df[cols].to_json(f, orient="records")
    f.write("}")
