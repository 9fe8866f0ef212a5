package dev.sparkvar.dataset;

import dev.sparkvar.problem.FieldError;
import dev.sparkvar.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The data set's tickers, read before a run is accepted: the job's CSV layout, cached per file version. */
class DatasetTickersTests {

    @TempDir
    Path dir;

    private final DatasetTickers tickers = new DatasetTickers();

    @Test
    void theTickerColumnIsFoundByNameInAnyCaseAfterABom() throws Exception {
        Path csv = Files.writeString(dir.resolve("p.csv"),
                "\uFEFFDate,TICKER,Close\n2020-01-02,AA,1.0\n2020-01-03,AA,1.1\n2020-01-02,\"B,C\",2\n2020-01-02,,3\n");
        assertEquals(Optional.of(Set.of("AA", "B,C")), tickers.of(csv, "p.csv"));
    }

    @Test
    void quotedFieldsFollowSparksDefaults() {
        assertEquals(List.of("a", "b,c", "say \"hi\"", ""), DatasetTickers.fields("a,\"b,c\",\"say \"\"hi\"\"\",", 10));
        assertEquals(List.of("a", "b"), DatasetTickers.fields("a,b,c,d", 2), "only the columns asked for");
    }

    @Test
    void aFileIsReadOncePerVersion() throws Exception {
        Path csv = Files.writeString(dir.resolve("p.csv"), "ticker,date,close\nAA,2020-01-02,1\n");
        Set<String> first = tickers.of(csv, "p.csv").orElseThrow();
        assertSame(first, tickers.of(csv, "p.csv").orElseThrow(), "the same version: the cached set");
        Files.writeString(csv, "ticker,date,close\nAA,2020-01-02,1\nZZ,2020-01-02,2\n");
        Files.setLastModifiedTime(csv, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(Set.of("AA", "ZZ"), tickers.of(csv, "p.csv").orElseThrow(), "a new version is read again");
    }

    @Test
    void whatIsNotACsvFileIsLeftToTheJob() throws Exception {
        Path parquet = Files.createDirectories(dir.resolve("p.parquet"));
        assertEquals(Optional.empty(), tickers.of(parquet, "p.parquet"));
    }

    @Test
    void aCsvWithoutTickersIsA400NamingData() throws Exception {
        assertEquals(new FieldError("data", "data set 'e.csv' is empty: it needs a header with the columns ticker,"
                + " date, close"), refused(Files.writeString(dir.resolve("e.csv"), ""), "e.csv"));
        assertEquals(new FieldError("data", "data set 'n.csv' has no 'ticker' column (columns found: symbol, date,"
                + " close)"), refused(Files.writeString(dir.resolve("n.csv"), "symbol,date,close\nAA,2020-01-02,1\n"),
                "n.csv"));
        assertEquals(new FieldError("data", "data set 'b.csv' is not UTF-8 text"),
                refused(Files.write(dir.resolve("b.csv"), new byte[] {'t', (byte) 0xff, (byte) 0xfe, '\n'}), "b.csv"));
    }

    private FieldError refused(Path file, String name) {
        ProblemException e = assertThrows(ProblemException.class, () -> tickers.of(file, name));
        assertEquals(400, e.status());
        assertEquals(1, e.errors().size());
        return e.errors().get(0);
    }
}
