// Exceptions: Unicorn 2.0.1 does no M-profile exception handling, so entry
// (stacking, FP context, stack limits), return, tail-chaining, fault
// escalation to HardFault and lockup are done here, between slices or
// from Unicorn's interrupt hook.
#include "cores/cortex_m33.h"

#include <algorithm>
#include <cstring>
#include <sstream>

namespace armv8m {

namespace {

constexpr std::uint32_t control_spsel = 1u << 1, control_fpca = 1u << 2, control_sfpa = 1u << 3;
constexpr std::uint32_t xpsr_realigned = 1u << 9;
constexpr std::uint32_t exc_return_thread = 1u << 3, exc_return_psp = 1u << 2,
                        exc_return_basic_frame = 1u << 4;
// Secure-only EXC_RETURN: PREFIX 0xFF, S=1, DCRS=1, ES=1.
constexpr std::uint32_t exc_return_base = 0xFFFFFFE1;

constexpr int frame_regs[] = {UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3,
                              UC_ARM_REG_R12, UC_ARM_REG_LR};

enum intr : std::uint32_t {
    intr_svc = 2, intr_bkpt = 7, intr_exception_exit = 8, intr_stack_limit = 19,
};

} // namespace

void cortex_m33::hook_interrupt(uc_engine*, std::uint32_t intno, void* self) {
    static_cast<cortex_m33*>(self)->on_interrupt(intno);
}

void cortex_m33::on_interrupt(std::uint32_t intno) {
    const std::uint32_t pc = m_cpu.pc();
    if (pc - scratch_base < 0x1000) {  // the host's own stub is done
        uc_emu_stop(m_cpu.engine());
        return;
    }
    switch (intno) {
    case intr_svc:  // PC is already past the SVC
        raise_fault(exc_svcall, 0, pc);
        break;
    case intr_bkpt:  // PC is on the BKPT
        if (on_debug_stop) {
            set_state(run_state::halted);
            m_slice_end = slice_end::halt;
            uc_emu_stop(m_cpu.engine());
            on_debug_stop(debug_stop::breakpoint);
        } else {
            m_scs.record_hardfault(hfsr_debugevt);
            raise_fault(exc_hardfault, 0, pc);
        }
        break;
    case intr_exception_exit:  // a branch into 0xF0000000-0xFFFFFFFF's magic range
        if (m_cpu.ipsr() == 0) raise_fault(exc_memmanage, cfsr_iaccviol, pc | 1);
        else exception_return(pc | 1);
        break;
    case intr_stack_limit:  // PC on the push / SP update that would cross the limit
        raise_fault(exc_usagefault, cfsr_stkof, pc);
        break;
    default:
        raise_fault(exc_usagefault, cfsr_undefinstr, pc);
        break;
    }
    if (m_state != run_state::running) {
        // A PC written in this hook cancels uc_emu_stop() (Unicorn 2.0.1):
        // the block hook stops at the next block instead, before it runs.
        m_slice_end = m_state == run_state::sleeping ? slice_end::wfi : slice_end::halt;
        uc_emu_stop(m_cpu.engine());
        request_stop();
    }
}

void cortex_m33::handle_stop_error(uc_err err) {
    switch (err) {
    case UC_ERR_READ_UNMAPPED:
    case UC_ERR_WRITE_UNMAPPED:
    case UC_ERR_WRITE_PROT:
    case UC_ERR_READ_PROT:
        raise_fault(exc_busfault, cfsr_preciserr | cfsr_bfarvalid, faulting_instruction(),
                    m_fault_address);
        break;
    case UC_ERR_FETCH_UNMAPPED:
    case UC_ERR_FETCH_PROT:
        raise_fault(exc_busfault, cfsr_ibuserr, m_fault_address);
        break;
    case UC_ERR_READ_UNALIGNED:
    case UC_ERR_WRITE_UNALIGNED:
    case UC_ERR_FETCH_UNALIGNED:
        raise_fault(exc_usagefault, cfsr_unaligned, m_cpu.pc());
        break;
    case UC_ERR_INSN_INVALID:  // UDF or an undefined encoding, PC on it
        raise_fault(exc_usagefault, cfsr_undefinstr, m_cpu.pc());
        break;
    default:
        lockup(m_cpu.pc(), "instruction set simulator error: " + unicorn_cpu::error_text(err));
        break;
    }
}

std::uint32_t cortex_m33::faulting_instruction() {
    // Unicorn 2.0.1 leaves PC at the start of the block of a failed access.
    const std::uint32_t block = m_cpu.pc();
    const region* r = find_region(block);
    if (!r || !r->memory) return block;
    const std::uint32_t available = std::min<std::uint32_t>(max_block_bytes, r->base + r->size - block);
    return m_decoder.find_faulting_access(r->memory->data() + (block - r->base), available, block,
                                          m_fault_address,
                                          [this](unsigned reg) { return m_cpu.reg(UC_ARM_REG_R0 + reg); });
}

priority_masks cortex_m33::masks() const {
    priority_masks m;
    m.primask = m_cpu.mask_reg(UC_ARM_REG_PRIMASK) & 1;
    m.faultmask = m_cpu.mask_reg(UC_ARM_REG_FAULTMASK) & 1;
    m.basepri = static_cast<std::uint8_t>(m_cpu.mask_reg(UC_ARM_REG_BASEPRI));
    return m;
}

bool cortex_m33::take_pending_exception() {
    if (!m_nvic.any_pending()) return false;
    const unsigned exc = m_nvic.exception_to_take(masks());
    if (exc == exc_none) return false;
    enter_exception(exc, m_cpu.pc());
    return m_state == run_state::running;
}

void cortex_m33::raise_fault(unsigned exc, std::uint32_t cfsr, std::uint32_t return_address,
                             std::uint32_t fault_address) {
    m_scs.record_fault(cfsr, fault_address);
    const int current = m_nvic.execution_priority(masks());
    const bool configurable = exc != exc_hardfault;
    if (configurable && (!m_nvic.enabled(exc) || m_nvic.group_priority(m_nvic.priority(exc)) >= current)) {
        // Escalation: a fault (or SVC) that cannot be taken becomes HardFault.
        m_scs.record_hardfault(hfsr_forced);
        exc = exc_hardfault;
    }
    if (exc == exc_hardfault && current <= -1) {
        std::ostringstream why;
        why << "fault in HardFault or NMI handler (CFSR 0x" << std::hex << m_scs.cfsr() << ")";
        lockup(return_address, why.str());
        return;
    }
    if (exc != exc_svcall && on_fault) {
        act_outward();
        on_fault({name(), "", exc, return_address, m_scs.cfsr(), m_scs.hfsr(), fault_address});
    }
    enter_exception(exc, return_address);
}

bool cortex_m33::push_frame(std::uint32_t sp, bool extended, std::uint32_t return_address,
                            std::uint32_t& frame) {
    const std::uint32_t size = extended ? 0x68 : 0x20;
    const bool realign = sp & 4;
    frame = (sp - size) & ~7u;
    std::uint32_t words[26] = {};
    for (unsigned i = 0; i < 6; ++i) words[i] = m_cpu.reg(frame_regs[i]);
    words[6] = return_address & ~1u;
    words[7] = (m_cpu.xpsr() & ~xpsr_realigned) | (realign ? xpsr_realigned : 0);
    if (extended) {
        for (unsigned i = 0; i < 16; ++i) words[8 + i] = m_cpu.reg(UC_ARM_REG_S0 + i);
        words[24] = m_cpu.reg(UC_ARM_REG_FPSCR);
    }
    std::uint8_t* p = host_pointer(frame, size, true);
    if (!p) return false;
    std::memcpy(p, words, size);
    return true;
}

void cortex_m33::enter_exception(unsigned exc, std::uint32_t return_address) {
    m_taken_extra = 0;  // the handler's first block is no branch target of the interrupted code
    const bool from_thread = m_cpu.ipsr() == 0;
    const std::uint32_t control = m_cpu.control();
    const bool on_psp = from_thread && (control & control_spsel);
    const bool extended = m_config.features.fpu && (control & control_fpca);
    const std::uint32_t sp = m_cpu.sp();
    const std::uint32_t limit = on_psp ? m_psplim : m_msplim;

    std::uint32_t frame = (sp - (extended ? 0x68 : 0x20)) & ~7u;
    if (frame < limit) {
        // Stacking would cross the stack limit: nothing is pushed below it
        // and a STKOF UsageFault follows as a derived exception.
        m_scs.record_fault(cfsr_stkof);
        m_nvic.set_pending(m_nvic.enabled(exc_usagefault) ? exc_usagefault : exc_hardfault, true);
        frame = limit;
    } else if (!push_frame(sp, extended, return_address, frame)) {
        m_scs.record_fault(cfsr_stkerr);
        m_nvic.set_pending(m_nvic.enabled(exc_busfault) ? exc_busfault : exc_hardfault, true);
    }
    m_cpu.set_sp(frame);
    m_cpu.set_ipsr(exc);  // Handler mode: SP is now MSP
    m_cpu.set_control(control & ~(control_spsel | control_fpca | control_sfpa));
    const std::uint32_t exc_return = exc_return_base | (extended ? 0 : exc_return_basic_frame) |
                                     (from_thread ? exc_return_thread : 0) | (on_psp ? exc_return_psp : 0);
    m_cpu.set_reg(UC_ARM_REG_LR, exc_return);
    m_nvic.activate(exc);

    std::uint32_t handler = 0;
    if (!read_vector(exc, handler)) {
        m_scs.record_hardfault(hfsr_vecttbl);
        lockup(return_address, "vector table unreadable");
        return;
    }
    m_cpu.set_pc(handler);
}

bool cortex_m33::read_vector(unsigned exc, std::uint32_t& handler) {
    return debug_read(m_scs.vtor() + 4 * exc, &handler, 4);
}

void cortex_m33::exception_return(std::uint32_t exc_return) {
    m_taken_extra = 0;  // the return's own branch cost is in its block
    const unsigned returning = m_cpu.ipsr();
    if ((exc_return >> 24) != 0xFF || !m_nvic.active(returning)) {
        raise_fault(exc_usagefault, cfsr_invpc, exc_return);
        return;
    }
    m_nvic.deactivate(returning);
    const bool to_thread = exc_return & exc_return_thread;
    const bool use_psp = exc_return & exc_return_psp;
    const bool extended = !(exc_return & exc_return_basic_frame);

    // Tail-chaining: an exception that would preempt the context being
    // returned to is entered straight away, reusing the stacked frame.
    const unsigned next = m_nvic.exception_to_take(masks());
    if (next != exc_none) {
        m_cpu.set_ipsr(next);
        m_cpu.set_reg(UC_ARM_REG_LR, exc_return);  // the branch that returned may have left LR elsewhere
        m_nvic.activate(next);
        std::uint32_t handler = 0;
        if (!read_vector(next, handler)) { lockup(exc_return, "vector table unreadable"); return; }
        m_cpu.set_pc(handler);
        return;
    }

    const std::uint32_t frame = use_psp ? m_cpu.psp() : m_cpu.msp();
    const std::uint32_t size = extended ? 0x68 : 0x20;
    std::uint32_t words[26] = {};
    const std::uint8_t* p = host_pointer(frame, size, false);
    if (!p) {
        m_scs.record_fault(cfsr_unstkerr);
        lockup(exc_return, "exception return frame unreadable");
        return;
    }
    std::memcpy(words, p, size);
    const std::uint32_t new_sp = frame + size + ((words[7] & xpsr_realigned) ? 4 : 0);
    if (use_psp) m_cpu.set_psp(new_sp);
    else m_cpu.set_msp(new_sp);
    if (extended) {
        for (unsigned i = 0; i < 16; ++i) m_cpu.set_reg(UC_ARM_REG_S0 + i, words[8 + i]);
        m_cpu.set_reg(UC_ARM_REG_FPSCR, words[24]);
    }
    const std::uint32_t control = (m_cpu.control() & ~(control_spsel | control_fpca | control_sfpa)) |
                                  (to_thread && use_psp ? control_spsel : 0) |
                                  (extended ? control_fpca | control_sfpa : 0);
    m_cpu.set_control(control);
    for (unsigned i = 0; i < 6; ++i) m_cpu.set_reg(frame_regs[i], words[i]);
    std::uint32_t xpsr = words[7] & ~xpsr_realigned;
    if (to_thread) xpsr &= ~0x1FFu;
    m_cpu.set_xpsr(xpsr);
    m_cpu.set_pc(words[6]);

    if (to_thread && m_nvic.active_count() == 0 && m_scs.sleep_on_exit()) {
        set_state(run_state::sleeping);
        m_wfe_sleep = false;
    }
}

void cortex_m33::lockup(std::uint32_t pc, const std::string& why) {
    set_state(run_state::locked_up);
    if (on_lockup) on_lockup({name(), why, m_cpu.ipsr(), pc, m_scs.cfsr(), m_scs.hfsr(), m_scs.bfar()});
    if (on_debug_stop) on_debug_stop(debug_stop::lockup);
}

void cortex_m33::exceptions_changed() { request_stop(); }

unsigned cortex_m33::current_exception() const { return m_cpu.ipsr(); }

} // namespace armv8m
