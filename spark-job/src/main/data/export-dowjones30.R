# Exports the DowJones30 data set of the Rmetrics fBasics package (Debian r-cran-fbasics, GPL-2+)
# as long-format ticker,date,close CSV sorted by ticker then date.
# Run: Rscript export-dowjones30.R dowjones30.csv
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) > 0) args[1] else "dowjones30.csv"
data(DowJones30, package = "fBasics")
dates <- as.character(DowJones30[[1]])
tickers <- sort(names(DowJones30)[-1])
long <- do.call(rbind, lapply(tickers, function(t)
  data.frame(ticker = t, date = dates, close = DowJones30[[t]], stringsAsFactors = FALSE)))
long <- long[order(long$ticker, long$date), ]
write.csv(long, out, row.names = FALSE, quote = FALSE)
