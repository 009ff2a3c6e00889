/**
 * Test support: inputs that prove de-identification, and real peers to check outputs with.
 * <ul>
 * <li>{@link org.dicomdeid.testing.CanaryCorpus}: DICOM files in which every attribute of PS3.15
 * Table E.1-1 (read from the shipped JSON, never typed in) holds a unique canary, plus nested,
 * private, curve, overlay and file meta canaries, known non-identifying values, and references
 * between instances. It records every canary and where it was planted.</li>
 * <li>{@link org.dicomdeid.testing.LeakScanner} / {@link org.dicomdeid.testing.LeakReport}: find
 * canaries in output bytes, file names and log text (UTF-8, Latin-1, UTF-16, person name
 * forms); {@link org.dicomdeid.testing.LogCapture} captures every log event of a test.</li>
 * <li>{@link org.dicomdeid.testing.RealTestFiles}: pydicom's test files, hand-classified as valid
 * or broken (truncated, no meta, wrong transfer syntax, not composite, not DICOM).</li>
 * <li>{@link org.dicomdeid.testing.Dcmdump} and {@link org.dicomdeid.testing.Dciodvfy}: dcmtk and
 * dicom3tools as independent readers and validators ("no new dciodvfy errors").</li>
 * </ul>
 * Known limits, found while building these: PixelMed 20220618 reads truncated files without an
 * error (see RealTestFiles.Kind.TRUNCATED); dciodvfy stops at a group 0000 element in a data set,
 * so corpora for dciodvfy comparisons are written without the command group rows.
 */
package org.dicomdeid.testing;
