package dev.syncwright.examples.web;

import dev.syncwright.reporting.ReportColumn;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.SortDirection;
import dev.syncwright.spi.DeliveryStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The report page's URL parameters become the SDK's filter and sort. */
class ReportApiTest {

    @Test
    void everyUrlParameterBecomesItsFilter() {
        ReportFilter f = ReportApi.filter(Http.Query.parse("days=15&q=acme&status=failed,PENDING&entity=customers"
                + "&run=r1&run=r2&syncId=5,7&attemptsMin=2&reference=CUST&system=h2&sourceId=C-1&endpointId=E-1"
                + "&message=bounced+twice"));

        assertThat(f.window()).isEqualTo(Duration.ofDays(15));
        assertThat(f.search()).isEqualTo("acme");
        assertThat(f.statuses()).containsExactlyInAnyOrder(DeliveryStatus.FAILED, DeliveryStatus.PENDING);
        assertThat(f.entities()).containsExactly("customers");
        assertThat(f.runIds()).containsExactlyInAnyOrder("r1", "r2");
        assertThat(f.syncIds()).containsExactlyInAnyOrder(5L, 7L);
        assertThat(f.minAttempts()).isEqualTo(2);
        assertThat(f.maxAttempts()).isEqualTo(Integer.MAX_VALUE);
        assertThat(f.referenceContains()).isEqualTo("CUST");
        assertThat(f.systemContains()).isEqualTo("h2");
        assertThat(f.sourceId()).isEqualTo("C-1");
        assertThat(f.endpointId()).isEqualTo("E-1");
        assertThat(f.messageContains()).isEqualTo("bounced twice");
    }

    @Test
    void noParametersMeanTheDefaultWindowNewestFirst() {
        Http.Query none = Http.Query.parse(null);

        ReportFilter f = ReportApi.filter(none);

        assertThat(f.window()).isEqualTo(ReportFilter.DEFAULT_WINDOW);
        assertThat(f.statuses()).isNull();
        assertThat(f.search()).isNull();
        assertThat(ReportApi.sort(none)).isEqualTo(ReportSort.NEWEST_FIRST);
        assertThat(ReportApi.sort(Http.Query.parse("sort=reference&dir=asc")))
                .isEqualTo(ReportSort.by(ReportColumn.REFERENCE, SortDirection.ASC));
    }

    @Test
    void aWindowOverFifteenDaysOrAnUnknownValueIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> ReportApi.filter(Http.Query.parse("days=16")))
                .isInstanceOf(Http.Problem.class).hasMessageStartingWith("days must be a whole number from 1 to 15");
        assertThatThrownBy(() -> ReportApi.filter(Http.Query.parse("status=LOST")))
                .isInstanceOf(Http.Problem.class).hasMessageStartingWith("status has no value 'LOST'");
        assertThatThrownBy(() -> ReportApi.filter(Http.Query.parse("syncId=-3")))
                .isInstanceOf(Http.Problem.class).hasMessageStartingWith("syncId must be a positive whole number");
        assertThatThrownBy(() -> ReportApi.sort(Http.Query.parse("sort=colour")))
                .isInstanceOf(Http.Problem.class).hasMessageStartingWith("sort has no value 'colour'");
    }
}
