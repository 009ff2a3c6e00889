package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.ValueRepresentation;

import java.util.Optional;

/**
 * Action C on dates and times. With retain-long-modified-dates every date moves by the patient's
 * shift and times of day stay; without it (C from another option) a date cannot be cleaned
 * and is emptied.
 */
final class DateValues {
    private final InstanceContext ctx;

    DateValues(InstanceContext ctx) {
        this.ctx = ctx;
    }

    Attribute shiftOrEmpty(Attribute a) throws DicomException {
        if (Values.isEmpty(a)) {
            return a;
        }
        byte[] vr = Values.effectiveVR(a);
        if (ctx.dateShifter == null) {
            return Values.empty(a, ctx.charset);
        }
        if (ValueRepresentation.isTimeVR(vr)) {
            return a;
        }
        String[] values = Attribute.getStringValues(a);
        if (values == null) {
            return Values.empty(a, ctx.charset);
        }
        String[] shifted = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            Optional<String> s = ValueRepresentation.isDateVR(vr)
                    ? ctx.dateShifter.shiftDate(values[i]) : ctx.dateShifter.shiftDateTime(values[i]);
            if (s.isEmpty()) {
                return Values.empty(a, ctx.charset); // unreadable: cannot be shifted, so it cannot stay
            }
            shifted[i] = s.get();
        }
        return Values.string(a.getTag(), vr, ctx.charset, shifted);
    }
}
