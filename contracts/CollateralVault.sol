// SPDX-License-Identifier: MIT
pragma solidity 0.8.22;

import { OApp, Origin, MessagingFee } from "@layerzerolabs/oapp-evm/contracts/oapp/OApp.sol";
import { Ownable } from "@openzeppelin/contracts/access/Ownable.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { Messages } from "./lib/Messages.sol";

/// @title CollateralVault
/// @notice The home chain's vault of a message-passing route, a LayerZero V2 OApp. Collateral
/// stays here; the debt chain's PositionManager holds a credit for it.
/// - `lock` takes the tokens and sends a LOCK message (the credit).
/// - Reference design: tokens leave only on a RELEASE (a withdrawal the debt chain has already
///   debited) or a SEIZE (a liquidation) from the PositionManager peer.
/// - Naive design: `withdraw` pays at once and tells the debt chain afterwards (WITHDRAWN).
/// - Every outflow counts against a per-window limit (fixed windows of `windowSeconds`); a
///   message over the limit reverts and stays deliverable, so it executes in a later window.
/// - A guardian can pause: while paused nothing leaves and nothing is locked.
contract CollateralVault is OApp {
    using SafeERC20 for IERC20;

    IERC20 public immutable token;
    uint32 public immutable remoteEid;
    bool public immutable naive;
    address public guardian;
    bool public paused;
    uint128 public lzReceiveGas = 300_000;

    uint256 public windowSeconds;
    uint256 public outflowLimit;
    uint256 public windowStart;
    uint256 public windowOutflow;

    uint64 public nextId = 1;
    mapping(address => uint256) public locked;
    mapping(uint64 => bool) public executed;

    event Locked(address indexed account, uint256 amount, uint64 id);
    event Released(address indexed account, address indexed to, uint256 amount, uint64 id);
    event Seized(address indexed account, address indexed liquidator, uint256 amount, uint64 id);
    event SeizeShortfall(address indexed account, address indexed liquidator, uint256 shortfall, uint64 id);
    event Paused(address indexed by);
    event Unpaused(address indexed by);
    event OutflowLimitSet(uint256 windowSeconds, uint256 limit);

    error IsPaused();
    error NotGuardian();
    error OutflowLimitExceeded(uint256 requested, uint256 available);
    error InsufficientLocked(address account, uint256 requested, uint256 available);
    error AlreadyExecuted(uint64 id);
    error UnexpectedMessage(uint8 kind);
    error NaiveOnly();

    constructor(
        address endpoint_,
        address owner_,
        IERC20 token_,
        uint32 remoteEid_,
        bool naive_,
        address guardian_,
        uint256 windowSeconds_,
        uint256 outflowLimit_
    ) OApp(endpoint_, owner_) Ownable(owner_) {
        token = token_;
        remoteEid = remoteEid_;
        naive = naive_;
        guardian = guardian_;
        windowSeconds = windowSeconds_;
        outflowLimit = outflowLimit_;
        windowStart = block.timestamp;
    }

    function options() public view returns (bytes memory) {
        return abi.encodePacked(uint16(3), uint8(1), uint16(17), uint8(1), lzReceiveGas);
    }

    function quote(uint256 amount) external view returns (uint256 nativeFee) {
        MessagingFee memory fee =
            _quote(remoteEid, Messages.encode(Messages.LOCK, nextId, msg.sender, msg.sender, amount), options(), false);
        return fee.nativeFee;
    }

    /// @notice Locks `amount` of the token and sends the credit to the debt chain.
    function lock(uint256 amount) external payable returns (uint64 id) {
        if (paused) revert IsPaused();
        token.safeTransferFrom(msg.sender, address(this), amount);
        locked[msg.sender] += amount;
        id = nextId++;
        _lzSend(remoteEid, Messages.encode(Messages.LOCK, id, msg.sender, msg.sender, amount), options(), MessagingFee(msg.value, 0), msg.sender);
        emit Locked(msg.sender, amount, id);
    }

    /// @notice Naive design only: pays `amount` at once and tells the debt chain afterwards.
    function withdraw(uint256 amount) external payable returns (uint64 id) {
        if (!naive) revert NaiveOnly();
        if (paused) revert IsPaused();
        _payOut(msg.sender, msg.sender, amount);
        id = nextId++;
        _lzSend(remoteEid, Messages.encode(Messages.WITHDRAWN, id, msg.sender, msg.sender, amount), options(), MessagingFee(msg.value, 0), msg.sender);
        emit Released(msg.sender, msg.sender, amount, id);
    }

    /// @notice What may still leave in the current window.
    function availableOutflow() public view returns (uint256) {
        uint256 start = windowStart;
        if (windowSeconds != 0 && block.timestamp >= start + windowSeconds) return outflowLimit;
        return outflowLimit > windowOutflow ? outflowLimit - windowOutflow : 0;
    }

    function pause() external {
        if (msg.sender != guardian && msg.sender != owner()) revert NotGuardian();
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external onlyOwner {
        paused = false;
        emit Unpaused(msg.sender);
    }

    function setGuardian(address guardian_) external onlyOwner {
        guardian = guardian_;
    }

    function setOutflowLimit(uint256 windowSeconds_, uint256 limit) external onlyOwner {
        windowSeconds = windowSeconds_;
        outflowLimit = limit;
        emit OutflowLimitSet(windowSeconds_, limit);
    }

    function setLzReceiveGas(uint128 gas) external onlyOwner {
        lzReceiveGas = gas;
    }

    function _payOut(address account, address to, uint256 amount) internal {
        if (paused) revert IsPaused();
        uint256 have = locked[account];
        if (have < amount) revert InsufficientLocked(account, amount, have);
        if (windowSeconds != 0 && block.timestamp >= windowStart + windowSeconds) {
            windowStart = block.timestamp - ((block.timestamp - windowStart) % windowSeconds);
            windowOutflow = 0;
        }
        uint256 available = outflowLimit > windowOutflow ? outflowLimit - windowOutflow : 0;
        if (amount > available) revert OutflowLimitExceeded(amount, available);
        windowOutflow += amount;
        locked[account] = have - amount;
        token.safeTransfer(to, amount);
    }

    function _lzReceive(Origin calldata, bytes32, bytes calldata message, address, bytes calldata) internal override {
        // OAppReceiver has checked that the sender is the configured peer (the PositionManager).
        (uint8 kind, uint64 id, address account, address to, uint256 amount) = Messages.decode(message);
        if (kind != Messages.RELEASE && kind != Messages.SEIZE) revert UnexpectedMessage(kind);
        if (!naive) {
            if (executed[id]) revert AlreadyExecuted(id);
            executed[id] = true;
        }
        if (kind == Messages.RELEASE) {
            _payOut(account, to, amount);
            emit Released(account, to, amount, id);
        } else {
            // A seize takes what is locked: in the naive design the account may have emptied the
            // vault first, and the difference is the liquidator's (and the protocol's) loss.
            uint256 have = locked[account];
            uint256 paid = amount < have ? amount : have;
            _payOut(account, to, paid);
            emit Seized(account, to, paid, id);
            if (paid < amount) emit SeizeShortfall(account, to, amount - paid, id);
        }
    }
}
