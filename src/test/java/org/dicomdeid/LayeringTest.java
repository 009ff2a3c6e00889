package org.dicomdeid;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The layers of the README's drawing, bottom to top: DICOM objects and file I/O; the engine
 * (policy, deid), pixel and crypto; the pipeline that composes them; Camel; the web console; the CLI.
 * No package reaches up.
 */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.dicomdeid");

    @Test
    void noPackageReachesUp() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Dicom").definedBy("org.dicomdeid.dicom..")
                .layer("Policy").definedBy("org.dicomdeid.policy..")
                .layer("Engine").definedBy("org.dicomdeid.deid..")
                .layer("Pixel").definedBy("org.dicomdeid.pixel..")
                .layer("Crypto").definedBy("org.dicomdeid.crypto..")
                .layer("Pipeline").definedBy("org.dicomdeid.pipeline..")
                .layer("DicomNetwork").definedBy("org.dicomdeid.camel.dicom..")
                .layer("DicomWeb").definedBy("org.dicomdeid.camel.dicomweb..")
                .layer("Camel").definedBy("org.dicomdeid.camel")
                .layer("Console").definedBy("org.dicomdeid.camel.console..")
                .layer("App").definedBy("org.dicomdeid.app..")
                .whereLayer("App").mayNotBeAccessedByAnyLayer()
                .whereLayer("Console").mayOnlyBeAccessedByLayers("App")
                .whereLayer("Camel").mayOnlyBeAccessedByLayers("Console", "App")
                .whereLayer("DicomNetwork").mayOnlyBeAccessedByLayers("Camel", "App")
                .whereLayer("DicomWeb").mayOnlyBeAccessedByLayers("Camel", "App")
                .whereLayer("Pipeline").mayOnlyBeAccessedByLayers("Camel", "Console", "App")
                .whereLayer("Engine").mayOnlyBeAccessedByLayers("Pipeline", "Camel", "Console", "App")
                .whereLayer("Pixel").mayOnlyBeAccessedByLayers("Pipeline", "Camel", "App")
                .whereLayer("Crypto").mayOnlyBeAccessedByLayers("Pipeline", "Camel", "App")
                .whereLayer("Policy").mayOnlyBeAccessedByLayers("Engine", "Pixel", "Crypto", "Pipeline", "Camel", "App")
                .check(CLASSES);
    }

    @Test
    void theBottomLayerKnowsNoOtherPackageOfOurs() {
        noClasses().that().resideInAPackage("org.dicomdeid.dicom..")
                .should().dependOnClassesThat().resideInAnyPackage("org.dicomdeid.policy..", "org.dicomdeid.deid..",
                        "org.dicomdeid.pixel..", "org.dicomdeid.crypto..", "org.dicomdeid.pipeline..",
                        "org.dicomdeid.camel..", "org.dicomdeid.app..")
                .check(CLASSES);
    }

    @Test
    void theDicomComponentDependsOnlyOnTheBottomLayer() {
        noClasses().that().resideInAPackage("org.dicomdeid.camel.dicom..")
                .should().dependOnClassesThat().resideInAnyPackage("org.dicomdeid.policy..", "org.dicomdeid.deid..",
                        "org.dicomdeid.pixel..", "org.dicomdeid.crypto..", "org.dicomdeid.pipeline..",
                        "org.dicomdeid.app..")
                .orShould().dependOnClassesThat().resideInAPackage("org.dicomdeid.camel")
                .check(CLASSES);
    }

    @Test
    void theDicomWebComponentDependsOnlyOnTheBottomLayer() {
        noClasses().that().resideInAPackage("org.dicomdeid.camel.dicomweb..")
                .should().dependOnClassesThat().resideInAnyPackage("org.dicomdeid.policy..", "org.dicomdeid.deid..",
                        "org.dicomdeid.pixel..", "org.dicomdeid.crypto..", "org.dicomdeid.pipeline..",
                        "org.dicomdeid.camel.dicom..", "org.dicomdeid.app..")
                .orShould().dependOnClassesThat().resideInAPackage("org.dicomdeid.camel")
                .check(CLASSES);
    }
}
