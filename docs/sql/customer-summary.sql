-- One row of figures per customer from an order-line table: what customer-segment needs to fit its
-- customer-base models (BG/NBD, Gamma-Gamma) and write RFM, P(alive) and lifetime value, without the
-- lines themselves. Plain SQL (tested in DuckDB; standard enough for PostgreSQL, SQL Server, BigQuery
-- or Snowflake with small changes of date arithmetic). Save the result as CSV and run
-- `customer-segment summary.csv`.
--
-- Input: a table or view order_lines(order_date DATE, invoice VARCHAR, customer VARCHAR,
-- amount DECIMAL, cost DECIMAL), one row per invoice line; cost may be NULL.
--
-- The same rules as the command line's own reading of an order list:
-- - a credit note (a negative amount, or a zero amount on an invoice number starting with C) lowers
--   revenue but is no purchase: it is no order and no order day, and moves no first or last purchase;
-- - orders are distinct invoice numbers (the order day where there is none); x is the number of
--   order days after the first (repeat purchases), t_x the weeks from the first to the last order day,
--   T the weeks from the first order day to the last order day of the whole list;
-- - repeat_revenue is the revenue of the order days after the first (Gamma-Gamma's spend per repeat
--   purchase is repeat_revenue / x);
-- - a customer with only credit notes is left out; names are compared without regard to case.
-- (Lines that only say "creditnota" in a description are not recognised here; the tool's own reading
-- of the lines does recognise them.)

WITH lines AS (
  SELECT
    trim(customer) AS customer,
    lower(trim(customer)) AS customer_key,
    order_date AS day,
    amount,
    cost,
    nullif(trim(invoice), '') AS invoice,
    (amount < 0 OR (amount = 0 AND upper(coalesce(trim(invoice), '')) SIMILAR TO 'C[0-9].*')) AS credit
  FROM order_lines
  WHERE customer IS NOT NULL AND trim(customer) <> '' AND order_date IS NOT NULL AND amount IS NOT NULL
),
purchase_days AS (
  SELECT customer_key, day, sum(amount) AS day_revenue
  FROM lines
  WHERE NOT credit
  GROUP BY customer_key, day
),
per_customer AS (
  SELECT
    customer_key,
    min(day) AS first_purchase,
    max(day) AS last_purchase,
    count(*) - 1 AS x
  FROM purchase_days
  GROUP BY customer_key
),
list_end AS (
  SELECT max(day) AS end_day FROM purchase_days
),
totals AS (
  SELECT
    customer_key,
    min(customer) AS customer,
    round(sum(amount), 2) AS revenue,
    CASE WHEN count(cost) = count(*) THEN round(sum(amount) - sum(cost), 2) END AS profit,
    count(DISTINCT CASE WHEN NOT credit THEN coalesce(invoice, 'day:' || CAST(day AS VARCHAR)) END) AS orders
  FROM lines
  GROUP BY customer_key
),
repeats AS (
  SELECT d.customer_key, coalesce(sum(CASE WHEN d.day > p.first_purchase THEN d.day_revenue END), 0) AS repeat_revenue
  FROM purchase_days d JOIN per_customer p USING (customer_key)
  GROUP BY d.customer_key
)
SELECT
  t.customer,
  t.revenue,
  t.profit,
  t.orders,
  p.first_purchase,
  p.last_purchase,
  p.x,
  round((p.last_purchase - p.first_purchase) / 7.0, 4) AS t_x,
  round((e.end_day - p.first_purchase) / 7.0, 4) AS "T",
  round(r.repeat_revenue, 2) AS repeat_revenue
FROM totals t
JOIN per_customer p USING (customer_key)
JOIN repeats r USING (customer_key)
CROSS JOIN list_end e
ORDER BY t.revenue DESC, t.customer;
