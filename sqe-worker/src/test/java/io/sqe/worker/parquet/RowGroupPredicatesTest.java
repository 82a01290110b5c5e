package io.sqe.worker.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.iceberg.expressions.Expressions.alwaysTrue;
import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.in;
import static org.apache.iceberg.expressions.Expressions.lessThan;
import static org.apache.iceberg.expressions.Expressions.not;
import static org.apache.iceberg.expressions.Expressions.or;
import static org.apache.iceberg.expressions.Expressions.startsWith;

import java.util.stream.LongStream;
import org.apache.iceberg.expressions.Expression;
import org.junit.jupiter.api.Test;

class RowGroupPredicatesTest {
    @Test
    void keepsEqualityInAndPrefixPredicates() {
        Expression residual = and(equal("flag", "R"), and(in("key", 1L, 2L, 3L), startsWith("type", "PROMO")));
        assertThat(RowGroupPredicates.forDictionaries(residual).toString()).isEqualTo(residual.toString());
    }

    @Test
    void dropsRangesAndLongInLists() {
        long[] keys = LongStream.range(0, RowGroupPredicates.MAX_DICTIONARY_IN_VALUES + 1).toArray();
        Expression residual = and(greaterThanOrEqual("day", 10), and(lessThan("day", 20),
                in("key", LongStream.of(keys).boxed().toArray())));
        assertThat(RowGroupPredicates.forDictionaries(residual)).isEqualTo(alwaysTrue());
        assertThat(RowGroupPredicates.forDictionaries(and(lessThan("day", 20), equal("flag", "R"))).toString())
                .isEqualTo(equal("flag", "R").toString());
    }

    @Test
    void aDroppedPredicateUnderOrOrNotOnlyWeakensTheFilter() {
        // or(day < 20, flag = 'R'): dropping the range must keep every row group, not only those holding 'R'
        assertThat(RowGroupPredicates.forDictionaries(or(lessThan("day", 20), equal("flag", "R"))))
                .isEqualTo(alwaysTrue());
        // not(day >= 10 and flag != 'R') = day < 10 or flag = 'R': again nothing a dictionary may rule out alone
        assertThat(RowGroupPredicates.forDictionaries(not(and(greaterThanOrEqual("day", 10),
                not(equal("flag", "R")))))).isEqualTo(alwaysTrue());
        // not(flag != 'R') is flag = 'R', which a dictionary decides
        assertThat(RowGroupPredicates.forDictionaries(not(not(equal("flag", "R")))).toString())
                .isEqualTo(equal("flag", "R").toString());
    }

    @Test
    void statisticsGetAllButLongInListsAndBloomFiltersOnlyEqualityAndShortInLists() {
        long[] keys = LongStream.range(0, RowGroupPredicates.MAX_IN_VALUES + 1).toArray();
        Expression longIn = in("key", LongStream.of(keys).boxed().toArray());
        Expression range = and(greaterThanOrEqual("day", 10), lessThan("day", 20));
        assertThat(RowGroupPredicates.forStatistics(and(range, longIn)).toString()).isEqualTo(range.toString());
        assertThat(RowGroupPredicates.forBloomFilters(and(range, and(equal("flag", "R"), startsWith("type", "P"))))
                .toString()).isEqualTo(equal("flag", "R").toString());
        assertThat(RowGroupPredicates.forBloomFilters(range)).isEqualTo(alwaysTrue());
        // An IN list too long for the dictionaries still goes to the statistics and the bloom filters.
        Expression mediumIn = in("key", LongStream.range(0, RowGroupPredicates.MAX_DICTIONARY_IN_VALUES + 1).boxed()
                .toArray());
        assertThat(RowGroupPredicates.forStatistics(mediumIn).toString()).isEqualTo(mediumIn.toString());
        assertThat(RowGroupPredicates.forBloomFilters(mediumIn).toString()).isEqualTo(mediumIn.toString());
    }
}
