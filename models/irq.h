// Interrupt wiring between peripherals and an interrupt controller.
// Lines are level-sensitive; an irq_line only calls its sink on a change,
// so a peripheral can re-evaluate `events & inten` freely.
#pragma once

namespace models {

class irq_sink {
public:
    virtual ~irq_sink() = default;
    virtual void set_irq(unsigned line, bool level) = 0;
};

class irq_line {
public:
    void connect(irq_sink& sink, unsigned line) { m_sink = &sink; m_line = line; update_sink(); }
    void set(bool level) {
        if (level == m_level) return;
        m_level = level;
        update_sink();
    }
    bool level() const { return m_level; }

private:
    void update_sink() { if (m_sink) m_sink->set_irq(m_line, m_level); }
    irq_sink* m_sink = nullptr;
    unsigned m_line = 0;
    bool m_level = false;
};

} // namespace models
