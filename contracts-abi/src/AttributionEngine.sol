// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {DatanetRegistry} from "./DatanetRegistry.sol";
import {ModelFactory} from "./ModelFactory.sol";

/// Proof of Attribution: inferences, their attribution to contributions, the fee split paid in
/// OPEN, and challenges against attributions. Parameters belong to the timelock (its owner).
contract AttributionEngine is Ownable {
    using SafeERC20 for IERC20;

    uint32 public constant PPM = 1_000_000;

    struct Inference {
        uint256 modelId;
        uint256 adapterId;
        uint256 runId;
        address caller;
        bytes32 inputHash;
        bytes32 outputHash;
        uint256 fee;
        uint16 methodId;
    }

    struct Challenge {
        uint256 inferenceId;
        address challenger;
        uint256 bond;
        bool resolved;
        bool upheld;
    }

    IERC20 public immutable token;
    DatanetRegistry public immutable registry;
    ModelFactory public immutable factory;
    address public immutable treasury;

    uint32 public protocolFeePpm;
    uint32 public modelOwnerFeePpm;
    uint256 public challengeBond;
    uint32 public maxContributionsPerAttribution;

    uint256 public inferenceCount;
    uint256 public challengeCount;
    mapping(uint256 => Inference) private _inferences;
    mapping(uint256 => Challenge) private _challenges;
    mapping(uint256 => uint256) public openChallengeOf;
    mapping(uint16 => bool) public methodEnabled;
    mapping(address => bool) public isResolver;

    event InferenceRecorded(
        uint256 indexed inferenceId,
        uint256 indexed modelId,
        uint256 indexed adapterId,
        uint256 runId,
        address caller,
        bytes32 inputHash,
        bytes32 outputHash,
        uint256 fee
    );
    event AttributionRecorded(
        uint256 indexed inferenceId, uint16 indexed methodId, uint256[] contributionIds, uint32[] weightsPpm
    );
    event RewardPaid(
        uint256 indexed inferenceId, uint256 indexed contributionId, address indexed contributor, uint256 amount
    );
    event FeeDistributed(
        uint256 indexed inferenceId,
        address modelOwner,
        uint256 protocolAmount,
        uint256 modelOwnerAmount,
        uint256 contributorsAmount
    );
    event ChallengeOpened(
        uint256 indexed challengeId, uint256 indexed inferenceId, address indexed challenger, uint256 bond, string reason
    );
    event ChallengeResolved(
        uint256 indexed challengeId, uint256 indexed inferenceId, address indexed resolver, bool upheld, string note
    );
    event ParameterChanged(bytes32 indexed key, uint256 previousValue, uint256 newValue);
    event MethodSet(uint16 indexed methodId, bool enabled);
    event ResolverSet(address indexed resolver, bool enabled);

    error UnknownModel(uint256 modelId);
    error ModelNotPublished(uint256 modelId, ModelFactory.ModelStatus status);
    error UnknownAdapter(uint256 adapterId);
    error AdapterModelMismatch(uint256 adapterId, uint256 modelId);
    error UnknownMethod(uint16 methodId);
    error EmptyAttribution();
    error WeightsLengthMismatch(uint256 contributions, uint256 weights);
    error WeightsSumInvalid(uint256 sum);
    error TooManyContributions(uint256 count, uint256 max);
    error DuplicateContribution(uint256 contributionId);
    error UnknownContribution(uint256 contributionId);
    error ContributionNotAccepted(uint256 contributionId, DatanetRegistry.ContributionStatus status);
    error WithdrawnContributionAttributed(uint256 contributionId);
    error UnknownInference(uint256 inferenceId);
    error UnknownChallenge(uint256 challengeId);
    error ChallengeAlreadyOpen(uint256 inferenceId, uint256 challengeId);
    error ChallengeAlreadyResolved(uint256 challengeId);
    error NotResolver(address caller);
    error FeeSplitTooHigh(uint256 protocolFeePpm, uint256 modelOwnerFeePpm);
    error InvalidParameter(bytes32 key, uint256 value);

    constructor(
        IERC20 token_,
        DatanetRegistry registry_,
        ModelFactory factory_,
        address treasury_,
        address owner_,
        address initialResolver
    ) Ownable(owner_) {
        token = token_;
        registry = registry_;
        factory = factory_;
        treasury = treasury_;
        protocolFeePpm = 50_000;
        modelOwnerFeePpm = 250_000;
        challengeBond = 10 ether;
        maxContributionsPerAttribution = 16;
        methodEnabled[1] = true;
        methodEnabled[2] = true;
        isResolver[initialResolver] = true;
        // Announced like any later change, so an indexer knows every parameter from deployment on.
        emit ParameterChanged("protocolFeePpm", 0, protocolFeePpm);
        emit ParameterChanged("modelOwnerFeePpm", 0, modelOwnerFeePpm);
        emit ParameterChanged("challengeBond", 0, challengeBond);
        emit ParameterChanged("maxContributionsPerAttribution", 0, maxContributionsPerAttribution);
        emit MethodSet(1, true);
        emit MethodSet(2, true);
        emit ResolverSet(initialResolver, true);
    }

    function recordInference(
        uint256 modelId,
        uint256 adapterId,
        bytes32 inputHash,
        bytes32 outputHash,
        uint256 fee,
        uint16 methodId,
        uint256[] calldata contributionIds,
        uint32[] calldata weightsPpm
    ) external returns (uint256 inferenceId) {
        (uint256 runId, address modelOwner) = _resolveRun(modelId, adapterId);
        _checkAttribution(methodId, contributionIds, weightsPpm);

        inferenceId = ++inferenceCount;
        _inferences[inferenceId] =
            Inference(modelId, adapterId, runId, msg.sender, inputHash, outputHash, fee, methodId);
        emit InferenceRecorded(inferenceId, modelId, adapterId, runId, msg.sender, inputHash, outputHash, fee);
        emit AttributionRecorded(inferenceId, methodId, contributionIds, weightsPpm);
        _distributeFee(inferenceId, fee, modelOwner, contributionIds, weightsPpm);
    }

    function _resolveRun(uint256 modelId, uint256 adapterId) private view returns (uint256 runId, address owner_) {
        if (modelId == 0 || modelId > factory.modelCount()) revert UnknownModel(modelId);
        ModelFactory.Model memory m = factory.getModel(modelId);
        if (m.status != ModelFactory.ModelStatus.Published) revert ModelNotPublished(modelId, m.status);
        runId = m.latestRunId;
        if (adapterId != 0) {
            if (adapterId > factory.adapterCount()) revert UnknownAdapter(adapterId);
            ModelFactory.Adapter memory a = factory.getAdapter(adapterId);
            if (a.modelId != modelId) revert AdapterModelMismatch(adapterId, modelId);
            runId = a.runId;
        }
        owner_ = m.owner;
    }

    function _checkAttribution(uint16 methodId, uint256[] calldata ids, uint32[] calldata weights) private view {
        if (!methodEnabled[methodId]) revert UnknownMethod(methodId);
        if (ids.length == 0) revert EmptyAttribution();
        if (ids.length != weights.length) revert WeightsLengthMismatch(ids.length, weights.length);
        if (ids.length > maxContributionsPerAttribution) {
            revert TooManyContributions(ids.length, maxContributionsPerAttribution);
        }
        uint256 sum;
        for (uint256 i = 0; i < ids.length; i++) {
            for (uint256 j = 0; j < i; j++) {
                if (ids[j] == ids[i]) revert DuplicateContribution(ids[i]);
            }
            DatanetRegistry.ContributionStatus s = registry.contributionStatus(ids[i]);
            if (s == DatanetRegistry.ContributionStatus.None) revert UnknownContribution(ids[i]);
            if (s == DatanetRegistry.ContributionStatus.Withdrawn) revert WithdrawnContributionAttributed(ids[i]);
            if (s != DatanetRegistry.ContributionStatus.Accepted) revert ContributionNotAccepted(ids[i], s);
            sum += weights[i];
        }
        if (sum != PPM) revert WeightsSumInvalid(sum);
    }

    /// Protocol and model owner take their ppm; contributors share the rest by weight; rounding
    /// dust goes to the protocol so that the whole fee is always accounted for.
    function _distributeFee(
        uint256 inferenceId,
        uint256 fee,
        address modelOwner,
        uint256[] calldata ids,
        uint32[] calldata weights
    ) private {
        if (fee > 0) token.safeTransferFrom(msg.sender, address(this), fee);
        uint256 ownerAmount = (fee * modelOwnerFeePpm) / PPM;
        uint256 contributorsPool = fee - ownerAmount - (fee * protocolFeePpm) / PPM;
        uint256 paid;
        for (uint256 i = 0; i < ids.length; i++) {
            uint256 amount = (contributorsPool * weights[i]) / PPM;
            address contributor = registry.contributorOf(ids[i]);
            paid += amount;
            if (amount > 0) token.safeTransfer(contributor, amount);
            emit RewardPaid(inferenceId, ids[i], contributor, amount);
        }
        uint256 protocolAmount = fee - ownerAmount - paid;
        if (ownerAmount > 0) token.safeTransfer(modelOwner, ownerAmount);
        if (protocolAmount > 0) token.safeTransfer(treasury, protocolAmount);
        emit FeeDistributed(inferenceId, modelOwner, protocolAmount, ownerAmount, paid);
    }

    function openChallenge(uint256 inferenceId, string calldata reason) external returns (uint256 challengeId) {
        if (inferenceId == 0 || inferenceId > inferenceCount) revert UnknownInference(inferenceId);
        uint256 open = openChallengeOf[inferenceId];
        if (open != 0) revert ChallengeAlreadyOpen(inferenceId, open);
        uint256 bond = challengeBond;
        if (bond > 0) token.safeTransferFrom(msg.sender, address(this), bond);
        challengeId = ++challengeCount;
        _challenges[challengeId] = Challenge(inferenceId, msg.sender, bond, false, false);
        openChallengeOf[inferenceId] = challengeId;
        emit ChallengeOpened(challengeId, inferenceId, msg.sender, bond, reason);
    }

    /// An upheld challenge returns the bond to the challenger; a rejected one forfeits it to the
    /// treasury.
    function resolveChallenge(uint256 challengeId, bool upheld, string calldata note) external {
        if (!isResolver[msg.sender]) revert NotResolver(msg.sender);
        Challenge storage c = _challenges[challengeId];
        if (c.inferenceId == 0) revert UnknownChallenge(challengeId);
        if (c.resolved) revert ChallengeAlreadyResolved(challengeId);
        c.resolved = true;
        c.upheld = upheld;
        openChallengeOf[c.inferenceId] = 0;
        if (c.bond > 0) token.safeTransfer(upheld ? c.challenger : treasury, c.bond);
        emit ChallengeResolved(challengeId, c.inferenceId, msg.sender, upheld, note);
    }

    function setFeeSplit(uint32 protocolPpm, uint32 modelOwnerPpm) external onlyOwner {
        if (uint256(protocolPpm) + modelOwnerPpm > PPM) revert FeeSplitTooHigh(protocolPpm, modelOwnerPpm);
        emit ParameterChanged("protocolFeePpm", protocolFeePpm, protocolPpm);
        emit ParameterChanged("modelOwnerFeePpm", modelOwnerFeePpm, modelOwnerPpm);
        protocolFeePpm = protocolPpm;
        modelOwnerFeePpm = modelOwnerPpm;
    }

    function setChallengeBond(uint256 bond) external onlyOwner {
        emit ParameterChanged("challengeBond", challengeBond, bond);
        challengeBond = bond;
    }

    function setMaxContributionsPerAttribution(uint32 max) external onlyOwner {
        if (max == 0 || max > 64) revert InvalidParameter("maxContributionsPerAttribution", max);
        emit ParameterChanged("maxContributionsPerAttribution", maxContributionsPerAttribution, max);
        maxContributionsPerAttribution = max;
    }

    function setMethod(uint16 methodId, bool enabled) external onlyOwner {
        methodEnabled[methodId] = enabled;
        emit MethodSet(methodId, enabled);
    }

    function setResolver(address resolver, bool enabled) external onlyOwner {
        isResolver[resolver] = enabled;
        emit ResolverSet(resolver, enabled);
    }

    function getInference(uint256 inferenceId) external view returns (Inference memory) {
        if (inferenceId == 0 || inferenceId > inferenceCount) revert UnknownInference(inferenceId);
        return _inferences[inferenceId];
    }

    function getChallenge(uint256 challengeId) external view returns (Challenge memory) {
        if (_challenges[challengeId].inferenceId == 0) revert UnknownChallenge(challengeId);
        return _challenges[challengeId];
    }
}
