package io.sluice.it.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import java.math.BigDecimal;

/** The columns every test entity has; the entities differ only in how their ids are generated. */
@MappedSuperclass
public abstract class EventBase {
    @Column(nullable = false, length = 40)
    private String name;

    @Column(length = 40)
    private String note;

    @Column(precision = 12, scale = 2)
    private BigDecimal amount;

    public void fill(String name, String note, BigDecimal amount) {
        this.name = name;
        this.note = note;
        this.amount = amount;
    }
}
