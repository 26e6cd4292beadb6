"""The peer of `customer-segment orders.csv --format json` on an order list: a pandas user's groupby.

Reads order lines (semicolon, decimal comma: date, invoice, customer, amount, cost), drops credit notes
(negative amounts) from the purchases, and per customer: revenue, profit, orders (distinct invoices),
first and last order, repeat purchases x (distinct order days - 1), t_x and T in weeks, recency and
frequency quintiles (R, F, M scores 1-5), then the customer table's Pareto class. Writes JSON records.
Usage: python3 pandas_orders.py orders.csv out.json
"""
import sys

import numpy as np
import pandas as pd

src, out = sys.argv[1], sys.argv[2]
df = pd.read_csv(src, sep=";", decimal=",", parse_dates=["Factuurdatum"], dayfirst=True)
df.columns = ["date", "invoice", "customer", "amount", "cost"]
buy = df[df["amount"] > 0]
end = df["date"].max()
g = buy.groupby("customer")
c = pd.DataFrame({
    "revenue": g["amount"].sum(),
    "profit": g["amount"].sum() - g["cost"].sum(),
    "orders": g["invoice"].nunique(),
    "first": g["date"].min(),
    "last": g["date"].max(),
    "days": g["date"].nunique(),
})
c["x"] = c["days"] - 1
c["tx"] = (c["last"] - c["first"]).dt.days / 7
c["T"] = (end - c["first"]).dt.days / 7
c["recency"] = (end - c["last"]).dt.days
c["R"] = pd.qcut(-c["recency"].rank(method="first"), 5, labels=False) + 1
c["F"] = pd.qcut(c["orders"].rank(method="first"), 5, labels=False) + 1
c["M"] = pd.qcut(c["revenue"].rank(method="first"), 5, labels=False) + 1
c = c.sort_values("revenue", ascending=False)
share = c["revenue"] / c["revenue"].sum()
before = share.cumsum() - share
c["pareto_class"] = np.select([before < 0.8, before < 0.95], ["A", "B"], "C")
c["first"] = c["first"].dt.strftime("%Y-%m-%d")
c["last"] = c["last"].dt.strftime("%Y-%m-%d")
c.reset_index().to_json(out, orient="records")
