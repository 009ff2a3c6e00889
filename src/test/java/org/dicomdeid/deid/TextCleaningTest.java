package org.dicomdeid.deid;

import org.dicomdeid.policy.IdentifyingAttributes.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Each spelling cleaning must catch; the descriptive words around it stay. */
class TextCleaningTest {
    private static IdentifyingValues patient() {
        IdentifyingValues v = IdentifyingValues.none().copy();
        v.add(Kind.NAME, "Müller^Hans-Jürgen=山田^太郎=김^민준");
        v.add(Kind.NAME, "STRASSER^ANNA");
        v.add(Kind.NAME, "Li^Xiaoming");
        v.add(Kind.IDENTIFIER, "12345678");
        v.add(Kind.IDENTIFIER, "ACC-77-301");
        v.add(Kind.BIRTH_DATE, "19490425");
        return v;
    }

    private static String clean(String text) {
        return new TextCleaner(patient(), null).clean(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CT HEAD MULLER", "CT HEAD muller", "CT HEAD Mueller", "CT HEAD MÜLLER",
            "CT HEAD Mu\u0308ller", "CT HEAD HANSJURGEN", "CT HEAD hans jurgen muller", "CT HEAD MULLERHANSJURGEN",
            "CT HEAD STRASSER", "CT HEAD STRAßER", "CT HEAD Straßer", "CT HEAD 山田太郎", "CT HEAD 太郎",
            "CT HEAD 김민준", "CT HEAD 민준", "CT HEAD XIAOMINGLI", "CT HEAD LIXIAOMING", "CT HEAD 12-345-678",
            "CT HEAD 12 345 678", "CT HEAD acc77301", "CT HEAD ACC 77 301", "CT HEAD 25 Apr 1949",
            "CT HEAD April 25, 1949", "CT HEAD 25.04.1949", "CT HEAD 04/25/1949", "CT HEAD 1949-04-25",
            "CT HEAD 1949年4月25日", "CT HEAD 25th April 1949", "CT HEAD ＭＵＬＬＥＲ"})
    void identifyingValuesGoHoweverWritten(String text) {
        assertThat(clean(text)).isEqualTo("CT HEAD");
        assertThat(patient().foundIn(text)).as(text).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CT HEAD 14-JAN-1932", "CT HEAD November 19th 2019", "CT HEAD 2019年11月19日",
            "CT HEAD 19/11/2019", "CT HEAD 11/19/2019", "CT HEAD 19.11.2019", "CT HEAD 20191119",
            "CT HEAD 123-45-6789", "CT HEAD +44 (20) 7946 0958", "CT HEAD 555-123-4567", "CT HEAD MRN-12-3456",
            "CT HEAD jane.doe@example.org", "CT HEAD 1.2.826.0.1.3680043.2"})
    void datesAndNumberShapesGoWithoutBeingKnown(String text) {
        assertThat(clean(text)).isEqualTo("CT HEAD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CT HEAD W/O CONTRAST", "T1 weighted axial 2.5 mm", "Liver Segmentation",
            "Hall B scanner", "LINEAR 120 kVp"})
    void descriptionsStay(String text) {
        assertThat(clean(text)).isEqualTo(text);
    }

    /** With retain-long-modified-dates, dates in text move by the patient's shift, in their own spelling. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "seen 2019-11-19 again|seen 2019-11-09 again",
            "seen 20191119 again|seen 20191109 again",
            "seen 19.11.2019 again|seen 09.11.2019 again",
            "seen 11/19/2019 again|seen 11/09/2019 again",
            "seen 19 Nov 2019 again|seen 9 Nov 2019 again",
            "seen November 19th 2019 again|seen November 9, 2019 again",
            "seen 14-JAN-1932 again|seen 4 JAN 1932 again",
            "seen 2019年11月19日 again|seen 2019年11月9日 again",
            "seen 02/03/2019 again|seen again"})
    void datesInTextShiftWithTheHeaderDates(String text, String expected) {
        assertThat(new TextCleaner(IdentifyingValues.none(), -10).clean(text)).isEqualTo(expected);
    }
}
