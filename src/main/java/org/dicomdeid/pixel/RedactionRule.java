package org.dicomdeid.pixel;

import com.pixelmed.dicom.AttributeList;

import java.util.List;

/**
 * One device signature: when every condition holds for an image's header, the regions are
 * blanked in every frame. Like a CTP DicomPixelAnonymizer signature, but as data.
 */
public record RedactionRule(String name, List<AttributeCondition> conditions, List<Region> regions) {

    public RedactionRule {
        conditions = List.copyOf(conditions);
        regions = List.copyOf(regions);
    }

    public boolean matches(AttributeList list) {
        return conditions.stream().allMatch(condition -> condition.test(list));
    }
}
