// SPDX-License-Identifier: MIT
pragma solidity 0.8.22;

import { OApp, Origin, MessagingFee } from "@layerzerolabs/oapp-evm/contracts/oapp/OApp.sol";
import { Ownable } from "@openzeppelin/contracts/access/Ownable.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { Messages } from "./lib/Messages.sol";

interface IAggregatorV3 {
    function decimals() external view returns (uint8);
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80);
}

/// @title PositionManager
/// @notice The debt chain's side of a message-passing route, a LayerZero V2 OApp: credits
/// collateral locked in the home vault, lends a debt token against it, liquidates, and sends the
/// vault RELEASE and SEIZE messages.
///
/// Arithmetic (bigint-exact, rounding against the borrower, as xcollat's exact engine):
/// - value of the credit `floor(credit · price · 1e18 / 10^(cd + pd))` (Wad USD);
/// - value of the debt `ceil(debt · debtPrice · 1e18 / 10^(dd + dpd))`;
/// - HF `floor(floor(collateral · LT / 1e4) · 1e18 / debt)`;
/// - adjusted factor `baseCollateralFactor · bridgeTrustScore / 100` (bps, floored), the LTV;
/// - max borrow `max(0, floor(collateral · adjusted / 1e4) − debt)` (Wad USD);
/// - seized collateral `floor(repaid · dp · 10^cd · penalty / (cp · 10^dd · 1e4))`, capped by
///   the credit (then the repaid debt is recomputed, rounded up).
contract PositionManager is OApp {
    using SafeERC20 for IERC20;

    /// @notice The seed's CollateralConfig (002, "Implementing the model requires defining clear
    /// parameters"). Factors in bps; `liquidationPenalty` in Aave's format (10_500 = 5 % bonus).
    struct CollateralConfig {
        address assetAddress;
        uint256 baseCollateralFactor;
        uint256 liquidationThreshold;
        uint256 liquidationPenalty;
        address priceFeed;
        uint256 maxBridgeDelay;
        uint256 bridgeTrustScore;
    }

    struct Position {
        uint256 credit;
        uint256 debt;
    }

    IERC20 public immutable debtToken;
    address public immutable debtPriceFeed;
    uint8 public immutable collateralDecimals;
    uint8 public immutable debtDecimals;
    uint32 public immutable remoteEid;
    bool public immutable naive;
    uint128 public lzReceiveGas = 300_000;

    CollateralConfig public config;
    mapping(address => Position) public positions;
    mapping(uint64 => bool) public executed;
    uint64 public nextId = 1;

    // Inbound credit rate limit (token bucket; capacity 0 = no limit).
    uint256 public creditCapacity;
    uint256 public creditRefillPerSecond;
    uint256 public creditTokens;
    uint256 public creditUpdatedAt;

    event Credited(address indexed account, uint256 amount, uint64 id);
    event Debited(address indexed account, uint256 amount, uint64 id);
    event Borrowed(address indexed account, uint256 amount);
    event Repaid(address indexed account, uint256 amount);
    event Liquidated(address indexed account, address indexed liquidator, uint256 debtRepaid, uint256 collateralSeized, uint64 id);
    event ConfigSet(CollateralConfig config);

    error AlreadyExecuted(uint64 id);
    error UnexpectedMessage(uint8 kind);
    error ExceedsBorrowCapacity(uint256 debtAfter, uint256 capacity);
    error Healthy(uint256 healthFactor);
    error StalePrice(uint256 updatedAt, uint256 maxAge);
    error BadPrice(int256 answer);
    error CreditRateLimited(uint256 requested, uint256 available);
    error ReferenceOnly();
    error InsufficientCredit(uint256 requested, uint256 available);
    error BadConfig();

    constructor(
        address endpoint_,
        address owner_,
        IERC20 debtToken_,
        address debtPriceFeed_,
        uint8 collateralDecimals_,
        uint8 debtDecimals_,
        uint32 remoteEid_,
        bool naive_,
        CollateralConfig memory config_
    ) OApp(endpoint_, owner_) Ownable(owner_) {
        debtToken = debtToken_;
        debtPriceFeed = debtPriceFeed_;
        collateralDecimals = collateralDecimals_;
        debtDecimals = debtDecimals_;
        remoteEid = remoteEid_;
        naive = naive_;
        _setConfig(config_);
        // Seizure divides one raw price by the other: both feeds must quote with the same decimals.
        if (_feedDecimals(debtPriceFeed_) != _feedDecimals(config_.priceFeed)) revert BadConfig();
    }

    function options() public view returns (bytes memory) {
        return abi.encodePacked(uint16(3), uint8(1), uint16(17), uint8(1), lzReceiveGas);
    }

    // ---------------------------------------------------------------- configuration

    function setConfig(CollateralConfig calldata config_) external onlyOwner {
        _setConfig(config_);
    }

    function _setConfig(CollateralConfig memory c) internal {
        if (
            c.baseCollateralFactor > 10_000 || c.liquidationThreshold > 10_000 || c.liquidationPenalty < 10_000
                || c.liquidationPenalty > 20_000 || c.bridgeTrustScore > 100
        ) revert BadConfig();
        config = c;
        emit ConfigSet(c);
    }

    function setCreditRateLimit(uint256 capacity, uint256 refillPerSecond) external onlyOwner {
        creditCapacity = capacity;
        creditRefillPerSecond = refillPerSecond;
        creditTokens = capacity;
        creditUpdatedAt = block.timestamp;
    }

    function setLzReceiveGas(uint128 gas) external onlyOwner {
        lzReceiveGas = gas;
    }

    // ---------------------------------------------------------------- pure arithmetic

    /// @notice The seed's adjusted collateral factor: `base · trust / 100`, in bps (floored).
    function adjustedCollateralFactor() public view returns (uint256) {
        return (config.baseCollateralFactor * config.bridgeTrustScore) / 100;
    }

    function _valueDown(uint256 amount, uint8 d, uint256 price, uint8 pd) internal pure returns (uint256) {
        uint256 scale = uint256(d) + pd;
        if (scale <= 18) return amount * price * 10 ** (18 - scale);
        return (amount * price) / 10 ** (scale - 18);
    }

    function _valueUp(uint256 amount, uint8 d, uint256 price, uint8 pd) internal pure returns (uint256) {
        uint256 scale = uint256(d) + pd;
        if (scale <= 18) return amount * price * 10 ** (18 - scale);
        uint256 den = 10 ** (scale - 18);
        uint256 n = amount * price;
        return n / den + (n % den == 0 ? 0 : 1);
    }

    /// @notice HF of a credit and debt at given raw prices (Wad; max uint256 without debt).
    function healthFactorAt(uint256 credit, uint256 debt, uint256 price, uint256 debtPrice)
        public
        view
        returns (uint256)
    {
        uint256 debtValue = _valueUp(debt, debtDecimals, debtPrice, _feedDecimals(debtPriceFeed));
        if (debtValue == 0) return type(uint256).max;
        uint256 weighted =
            (_valueDown(credit, collateralDecimals, price, _feedDecimals(config.priceFeed)) * config.liquidationThreshold) / 10_000;
        return (weighted * 1e18) / debtValue;
    }

    /// @notice How much more debt value (Wad USD) the position may take under the adjusted factor.
    function maxBorrowAt(uint256 credit, uint256 debt, uint256 price, uint256 debtPrice) public view returns (uint256) {
        uint256 capacity = (
            _valueDown(credit, collateralDecimals, price, _feedDecimals(config.priceFeed)) * adjustedCollateralFactor()
        ) / 10_000;
        uint256 debtValue = _valueUp(debt, debtDecimals, debtPrice, _feedDecimals(debtPriceFeed));
        return capacity > debtValue ? capacity - debtValue : 0;
    }

    /// @notice Collateral seized for repaying `debtToCover`, and the debt actually repaid.
    function seizedAt(uint256 debtToCover, uint256 credit, uint256 price, uint256 debtPrice)
        public
        view
        returns (uint256 seized, uint256 debtRepaid)
    {
        uint256 cu = 10 ** collateralDecimals;
        uint256 du = 10 ** debtDecimals;
        uint256 penalty = config.liquidationPenalty;
        uint256 maxCollateral = (debtToCover * debtPrice * cu * penalty) / (price * du * 10_000);
        if (maxCollateral > credit) {
            seized = credit;
            uint256 n = credit * price * du * 10_000;
            uint256 d = debtPrice * cu * penalty;
            debtRepaid = n / d + (n % d == 0 ? 0 : 1);
            if (debtRepaid > debtToCover) debtRepaid = debtToCover;
        } else {
            seized = maxCollateral;
            debtRepaid = debtToCover;
        }
    }

    // ---------------------------------------------------------------- prices

    function _feedDecimals(address feed) internal view returns (uint8) {
        return IAggregatorV3(feed).decimals();
    }

    function _price(address feed, uint256 maxAge) internal view returns (uint256) {
        (, int256 answer,, uint256 updatedAt,) = IAggregatorV3(feed).latestRoundData();
        if (answer <= 0) revert BadPrice(answer);
        if (maxAge != 0 && block.timestamp > updatedAt + maxAge) revert StalePrice(updatedAt, maxAge);
        return uint256(answer);
    }

    function prices() public view returns (uint256 price, uint256 debtPrice) {
        // maxBridgeDelay bounds how old a price may be when a position is valued.
        price = _price(config.priceFeed, config.maxBridgeDelay);
        debtPrice = _price(debtPriceFeed, config.maxBridgeDelay);
    }

    function healthFactor(address account) public view returns (uint256) {
        Position memory p = positions[account];
        (uint256 price, uint256 debtPrice) = prices();
        return healthFactorAt(p.credit, p.debt, price, debtPrice);
    }

    function maxBorrow(address account) public view returns (uint256) {
        Position memory p = positions[account];
        (uint256 price, uint256 debtPrice) = prices();
        return maxBorrowAt(p.credit, p.debt, price, debtPrice);
    }

    // ---------------------------------------------------------------- actions

    function borrow(uint256 amount) external {
        Position storage p = positions[msg.sender];
        (uint256 price, uint256 debtPrice) = prices();
        uint256 room = maxBorrowAt(p.credit, p.debt, price, debtPrice);
        uint256 add = _valueUp(amount, debtDecimals, debtPrice, _feedDecimals(debtPriceFeed));
        if (add > room) revert ExceedsBorrowCapacity(add, room);
        p.debt += amount;
        debtToken.safeTransfer(msg.sender, amount);
        emit Borrowed(msg.sender, amount);
    }

    function repay(uint256 amount) external {
        Position storage p = positions[msg.sender];
        if (amount > p.debt) amount = p.debt;
        debtToken.safeTransferFrom(msg.sender, address(this), amount);
        p.debt -= amount;
        emit Repaid(msg.sender, amount);
    }

    /// @notice Reference design: debits the credit first (the position must stay within the
    /// adjusted factor), then sends the vault the RELEASE.
    function withdraw(uint256 amount) external payable returns (uint64 id) {
        if (naive) revert ReferenceOnly();
        Position storage p = positions[msg.sender];
        if (amount > p.credit) revert InsufficientCredit(amount, p.credit);
        (uint256 price, uint256 debtPrice) = prices();
        uint256 creditAfter = p.credit - amount;
        uint256 capacity = maxBorrowAt(creditAfter, 0, price, debtPrice);
        uint256 debtValue = _valueUp(p.debt, debtDecimals, debtPrice, _feedDecimals(debtPriceFeed));
        if (debtValue > capacity) revert ExceedsBorrowCapacity(debtValue, capacity);
        p.credit = creditAfter;
        id = nextId++;
        _lzSend(remoteEid, Messages.encode(Messages.RELEASE, id, msg.sender, msg.sender, amount), options(), MessagingFee(msg.value, 0), msg.sender);
        emit Debited(msg.sender, amount, id);
    }

    /// @notice Repays `debtToCover` of an account whose HF is below 1 and sends the seize home.
    function liquidate(address account, uint256 debtToCover) external payable returns (uint64 id) {
        Position storage p = positions[account];
        (uint256 price, uint256 debtPrice) = prices();
        uint256 hf = healthFactorAt(p.credit, p.debt, price, debtPrice);
        if (hf >= 1e18) revert Healthy(hf);
        if (debtToCover > p.debt) debtToCover = p.debt;
        (uint256 seized, uint256 debtRepaid) = seizedAt(debtToCover, p.credit, price, debtPrice);
        debtToken.safeTransferFrom(msg.sender, address(this), debtRepaid);
        p.debt -= debtRepaid;
        p.credit -= seized;
        id = nextId++;
        _lzSend(remoteEid, Messages.encode(Messages.SEIZE, id, account, msg.sender, seized), options(), MessagingFee(msg.value, 0), msg.sender);
        emit Liquidated(account, msg.sender, debtRepaid, seized, id);
    }

    // ---------------------------------------------------------------- messages

    function _takeCredit(uint256 amount) internal {
        if (creditCapacity == 0) return;
        uint256 tokens = creditTokens + (block.timestamp - creditUpdatedAt) * creditRefillPerSecond;
        if (tokens > creditCapacity) tokens = creditCapacity;
        if (amount > tokens) revert CreditRateLimited(amount, tokens);
        creditTokens = tokens - amount;
        creditUpdatedAt = block.timestamp;
    }

    function _lzReceive(Origin calldata, bytes32, bytes calldata message, address, bytes calldata) internal override {
        (uint8 kind, uint64 id, address account,, uint256 amount) = Messages.decode(message);
        if (!naive) {
            // The reference design refuses a message it has executed (a replayed credit).
            if (executed[id]) revert AlreadyExecuted(id);
            executed[id] = true;
        }
        if (kind == Messages.LOCK) {
            if (!naive) _takeCredit(amount);
            positions[account].credit += amount;
            emit Credited(account, amount, id);
        } else if (kind == Messages.WITHDRAWN) {
            Position storage p = positions[account];
            uint256 debit = amount < p.credit ? amount : p.credit;
            p.credit -= debit;
            emit Debited(account, debit, id);
        } else {
            revert UnexpectedMessage(kind);
        }
    }
}
